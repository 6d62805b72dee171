"""Reports: builders turn service data into plain tables; writers lay them out.

Builders never compute figures of their own beyond arranging what services return.
"""
