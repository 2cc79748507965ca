"""A dict that journals its changes, so a snapshot of it is a position in the journal and going back undoes
only what changed since (used for state as large as the cluster, e.g. which pods each kubelet runs)."""

from __future__ import annotations

_MISSING = object()


class JournaledDict(dict):
    """Only ``d[k] = v``, ``del d[k]`` and ``d.pop(k[, default])`` may change it (they are journaled)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.log: list = [("<log start>", _MISSING)]   # a unique first entry: marks never outlive it

    def __setitem__(self, key, value) -> None:
        self.log.append((key, dict.get(self, key, _MISSING)))
        dict.__setitem__(self, key, value)

    def __delitem__(self, key) -> None:
        self.log.append((key, dict.__getitem__(self, key)))
        dict.__delitem__(self, key)

    def pop(self, key, *default):
        if key in self:
            value = dict.__getitem__(self, key)
            self.log.append((key, value))
            dict.__delitem__(self, key)
            return value
        if default:
            return default[0]
        raise KeyError(key)

    def mark(self) -> tuple:
        n = len(self.log)
        return (n, self.log[n - 1])

    def valid(self, mark: tuple) -> bool:
        n = mark[0]
        return n <= len(self.log) and self.log[n - 1] is mark[1]

    def undo_to(self, mark: tuple) -> None:
        mark = mark[0]
        log = self.log
        for i in range(len(log) - 1, mark - 1, -1):
            key, old = log[i]
            if old is _MISSING:
                dict.pop(self, key, None)
            else:
                dict.__setitem__(self, key, old)
        del log[mark:]

    def load_full(self, values: dict) -> None:
        dict.clear(self)
        dict.update(self, values)
        self.log = [("<log start>", _MISSING)]
