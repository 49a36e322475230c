"""Cassettes: recorded exchanges per platform version (vcrpy format), scrubbed before they touch disk."""
