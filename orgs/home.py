"""The registry's parts on the home page (self-reports, cohesion)."""

from .cohesion.home import HOME_SECTIONS as COHESION_SECTIONS
from .selfreports.home import HOME_SECTIONS as SELFREPORT_SECTIONS

HOME_SECTIONS = [*SELFREPORT_SECTIONS, *COHESION_SECTIONS]
