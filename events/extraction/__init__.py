"""Event extraction from Arabic and English news text.

A pure-Python package: no Django imports. Text and dictionaries in, plain data out.
"""
