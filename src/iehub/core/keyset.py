"""Keyset ("cursor") pages of a queryset: the rows after the last row a client has seen, found through
the ordering's index instead of an OFFSET that reads and discards every row before the page.

A list is read by cursor when its ordering is made of concrete, non-null columns (the primary key is
added as the last tie-breaker, so the order is total). The cursor is the last row's ordering values,
signed so that a client can only hand back what a page gave it; it is bound to the model and the
ordering, so a cursor of one list is refused by another.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Model, Q, QuerySet
from django.db.models.query import ModelIterable

_SALT = "iehub.core.keyset"
_PREFIX = "_keyset_"


class CursorRefused(ValueError):
    """The cursor was not made by a page of this list (edited, truncated or from another list)."""


@dataclass(frozen=True)
class Key:
    """One column of the ordering: a path from the model (``college__code``) and its direction."""

    path: str
    descending: bool


def ordering_keys(qs: QuerySet[Any]) -> list[Key] | None:
    """The total ordering of ``qs`` as keys (primary key last), or None where it cannot be keyed.

    Not keyed: no ordering, expressions or random order, nullable columns on the way (NULLs sort
    differently on SQLite and PostgreSQL), combined queries and querysets of dicts or tuples.
    """
    query = qs.query
    if query.combinator or qs._iterable_class is not ModelIterable:  # no public accessor
        return None
    ordering = list(query.order_by) or (list(qs.model._meta.ordering) if query.default_ordering else [])
    names = [item for item in ordering if isinstance(item, str)]
    if not ordering or query.extra_order_by or len(names) != len(ordering):
        return None
    keys = [Key(name.lstrip("-"), name.startswith("-")) for name in names]
    pk_name = qs.model._meta.pk.name
    keys = [Key(pk_name if key.path == "pk" else key.path, key.descending) for key in keys]
    if not all(_is_non_null_column(qs.model, key.path) for key in keys):
        return None
    if not any(key.path in (pk_name, qs.model._meta.pk.attname) for key in keys):
        keys.append(Key(pk_name, False))
    return keys


def _is_non_null_column(model: type[Model], path: str) -> bool:
    """Whether ``path`` reaches one concrete column through non-null forward relations only."""
    parts = path.split("__")
    for position, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if not getattr(field, "concrete", False) or getattr(field, "null", True) or field.many_to_many:
            return False
        if position < len(parts) - 1:
            if not (field.many_to_one or field.one_to_one) or field.related_model is None:
                return False
            model = field.related_model  # type: ignore[assignment]
    return True


def keyed(qs: QuerySet[Any], keys: list[Key]) -> QuerySet[Any]:
    """``qs`` in the total order of ``keys``, each row carrying its key values (for the next cursor)."""
    ordered = qs.order_by(*[("-" if key.descending else "") + key.path for key in keys])
    return ordered.annotate(**{f"{_PREFIX}{position}": F(key.path) for position, key in enumerate(keys)})


def after(qs: QuerySet[Any], keys: list[Key], cursor: str) -> QuerySet[Any]:
    """The rows of ``qs`` (already ``keyed``) that come after the row ``cursor`` names."""
    values = read_cursor(qs.model, keys, cursor)
    branches = []
    for position, key in enumerate(keys):
        equal = {earlier.path: values[index] for index, earlier in enumerate(keys[:position])}
        beyond = {f"{key.path}__{'lt' if key.descending else 'gt'}": values[position]}
        branches.append(Q(**equal, **beyond))
    return qs.filter(reduce(or_, branches))


def cursor_of(row: Model, keys: list[Key]) -> str:
    """The cursor that names ``row`` (a row of a ``keyed`` queryset)."""
    values = [getattr(row, f"{_PREFIX}{position}") for position in range(len(keys))]
    plain = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return signing.dumps({"o": _signature(row.__class__, keys), "v": plain}, salt=_SALT, compress=True)


def read_cursor(model: type[Model], keys: list[Key], cursor: str) -> list[Any]:
    """The key values a cursor holds; ``CursorRefused`` if this list did not make it."""
    try:
        payload = signing.loads(cursor, salt=_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise CursorRefused(cursor) from error
    if not isinstance(payload, dict) or payload.get("o") != _signature(model, keys):
        raise CursorRefused(cursor)
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(keys):
        raise CursorRefused(cursor)
    return values


def _signature(model: type[Model], keys: list[Key]) -> str:
    return model._meta.label_lower + ":" + ",".join(("-" if k.descending else "") + k.path for k in keys)
