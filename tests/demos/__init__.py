"""Tests of the demos package."""
