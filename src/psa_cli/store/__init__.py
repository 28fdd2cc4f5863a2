"""The only package that speaks SQL. Everything above it calls these functions."""
