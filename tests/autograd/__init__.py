"""Tests of the autograd package."""
