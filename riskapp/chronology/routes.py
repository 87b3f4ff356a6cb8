"""Chronology: record missing episodes, incidents, plan reviews and notes; see the timeline."""

from flask import Blueprint

bp = Blueprint("chronology", __name__)
