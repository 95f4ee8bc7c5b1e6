"""What every chapter may use: regions, their convex problems and genuineness, small networks, probes, data.

Imports nothing from ``lossland.book`` or a chapter.
"""
