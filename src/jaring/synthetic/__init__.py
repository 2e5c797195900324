"""Realistic synthetic East Kalimantan worker lists for the demo, tests and benchmarks."""
