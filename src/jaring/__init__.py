"""Jaring: registry, selection and insurance of vulnerable informal workers (pekerja rentan)."""
