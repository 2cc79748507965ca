"""Objects read as copies of another object, whose dict is made only when first asked for (issue 6).

A big topology file is mostly pods that differ from the first pod of their ReplicaSet only in a few one-line
strings (name, uid, nodeName, hostIP, podIP). A reader that knows a document to be such a copy (see
``explorer.io.fast_yaml``) gives :func:`copied` the object it copies (the *template*) and those strings, and
gets an object of the template's class whose ``raw`` is made the first time anything reads it: a 150,000-pod
file's open made ~1 KB of new dicts per pod (~3 us, and the memory's first touch: ~10 us a 4 KiB page on some
virtual machines) before its first frame, which needs only each pod's key, node and kind.

Contract: a copy is equal to the object the template's maker makes of its strings and behaves as that object
in every way but ``type()``, which is a subclass of the template's class until its dict is made; then it is
an instance of that class for good (the dict is made once; two threads asking at once may both make it, and
get equal dicts). ``key``, ``kind``, ``api_version``, ``name``, ``namespace``, ``labels`` and
:meth:`~explorer.model.objects.KubeObject.value_at` answer without making it. ``type(copy)(raw)`` makes a
plain object of the template's class. Only typed kinds (``explorer.model.KINDS`` classes) are copied this
way: a generic object's scope depends on its kind, which its class does not tell.
"""

from __future__ import annotations

from explorer.model.objects import KubeObject, ObjectKey

_RAW = KubeObject.__dict__["raw"]   # the slot's own descriptor: a copy's class hides it behind a property
_LAZY: dict = {}                    # class -> its copies' class
_PLAIN: dict = {}                   # copies' class -> class


class Maker:
    """What a copy's dict is made from: ``make(values, at)`` gives the whole dict; ``where`` maps each
    ``(top-level key, key)`` a copy holds its own string at to its offset from ``at`` in ``values``;
    ``raw``: the template's own dict (the value of every other field)."""

    __slots__ = ("make", "where", "raw")

    def __init__(self, make, where: dict, raw: dict):
        self.make = make
        self.where = where
        self.raw = raw


def copied(cls: type, key: ObjectKey, maker: Maker, values: list, at: int) -> KubeObject:
    """An object of class ``cls`` (a typed kind's class, not ``KubeObject``) whose key is ``key`` and whose
    dict is ``maker.make(values, at)``, made when first asked for. ``values`` is kept, not copied: it must
    not change. Raises TypeError when ``cls`` is ``KubeObject`` itself or no ``KubeObject`` class."""
    return copier(cls)(key, maker, values, at)


def copier(cls: type):
    """:func:`copied` for many objects of ``cls``: a function ``make(key, maker, values, at)`` (what a reader
    calls for each of a run of copies). Raises TypeError as :func:`copied` does."""
    lazy = _LAZY.get(cls) or _copies_class(cls)
    new, set_raw = object.__new__, _RAW.__set__

    def make(key: ObjectKey, maker: Maker, values: list, at: int) -> KubeObject:
        obj = new(lazy)
        set_raw(obj, (maker, values, at))
        obj._cache = None
        obj._key = key
        return obj
    return make


def is_pending(obj) -> bool:
    """Whether ``obj`` is a copy whose dict is not made yet."""
    return type(obj) in _PLAIN


def make_whole(objs) -> int:
    """Make the dict of each pending copy among ``objs`` (an iterable of objects); returns how many."""
    n = 0
    for obj in objs:
        if type(obj) in _PLAIN:
            obj.raw     # noqa: B018 - reading it makes it
            n += 1
    return n


def _made(self) -> dict:
    got = _RAW.__get__(self)
    if type(got) is not tuple:      # another thread made it meanwhile
        return got
    maker, values, at = got
    raw = maker.make(values, at)
    _RAW.__set__(self, raw)
    self.__class__ = _PLAIN.get(type(self), type(self))
    return raw


def _pending_value(self, top: str, key: str):
    got = _RAW.__get__(self)
    if type(got) is not tuple:
        sub = got.get(top)
        return sub.get(key) if type(sub) is dict else None
    maker, values, at = got
    i = maker.where.get((top, key))
    if i is not None:
        return values[at + i]
    sub = maker.raw.get(top)
    return sub.get(key) if type(sub) is dict else None


def _copies_class(cls: type) -> type:
    if cls is KubeObject or not issubclass(cls, KubeObject):
        raise TypeError(f"only typed kinds are copied lazily, not {cls.__name__}")

    def plain(_cls, raw):       # type(copy)(raw): what edits and patches make
        return cls(raw)

    space = {
        "__slots__": (),
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
        "__doc__": cls.__doc__,
        "__new__": plain,
        "raw": property(_made),
        "kind": property(lambda self: self._key[0]),
        "name": property(lambda self: self._key[2]),
        "namespace": property(lambda self: self._key[1]),
        "api_version": property(_api_version),
        "labels": property(lambda self: _pending_value(self, "metadata", "labels") or {}),
        "value_at": _pending_value,
    }
    lazy = type(cls.__name__, (cls,), space)
    _LAZY[cls] = lazy
    _PLAIN[lazy] = cls
    return lazy


def _api_version(self) -> str:
    got = _RAW.__get__(self)       # (a copy's own strings are at two keys deep: never its apiVersion)
    return (got if type(got) is not tuple else got[0].raw).get("apiVersion", "")
