"""Transfers to another authority or youth offending service, and their handover PDFs."""
