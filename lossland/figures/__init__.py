"""Figures and explorers of each chapter: drawing only, the mathematics comes from the chapter's module."""
