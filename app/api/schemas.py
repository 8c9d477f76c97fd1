"""Marshmallow schemas shared by the API modules."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=200))


class ApiErrorSchema(Schema):
    message = fields.String()
    status = fields.Integer()
    errors = fields.Dict(keys=fields.String(), values=fields.String())
