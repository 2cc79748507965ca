"""The fast path's per-class loop, compiled with numba: the placements of a run of pods of one equivalence class
(see fast.py) with every feasible node scored.

``place_run`` builds the class's state from the cache's node arrays (feasibility, NodeResourcesFit and
NodeResourcesBalancedAllocation per node, TaintToleration and NodeAffinity offsets, the PodTopologySpread
counts) and then, pod after pod, picks a node and applies the bind to its own copy of the class state and to
the node arrays, exactly as ``_ClassState.run`` does: the same integer and float operations in the same order,
ties broken by the k-th tied node in cache order with ``k`` drawn as CPython's ``Random._randbelow`` draws it
from 32-bit words of the scheduler's generator (given in ``words``).

The nodes of each (zone, count) *slot* are a bitset; each slot counts its nodes per static total (base + the
TaintToleration and NodeAffinity part) and keeps its best, so a cycle looks at the slots only; the nodes of
each static total are a bitset too, so the k-th tied node is found by walking, 64 nodes at a time, the tied
slots' bitsets masked by those of their best totals.

Importing this module is cheap: ``load()`` imports numba and compiles the kernel (numba caches it on disk),
on the fast path's first use or, in the desktop app, in a background thread once the window is quiet
(``defer_load``, ``load_in_background``; see explorer/ui/kernel_loader.py).
Without numba, or with ``K8S_EXPLORER_NO_JIT=1``, the fast path runs its Python loop: the same placements.
"""

from __future__ import annotations

import math
import os
import threading

import numpy as np

# why place_run stopped (its second result)
DONE = 0            # every pod placed
NO_FEASIBLE = 1     # no feasible node for the next pod: the plain cycle diagnoses it
NO_WORDS = 2        # the random words ran out before the next pod's draw: call again with more

place_run = unplace = None     # the compiled functions, once load() has made them
load_on_first_use = True       # False: the fast path runs its Python loop until the kernel is loaded (the
#                                desktop app loads it in a background thread: no user action waits for numba)
_state = None                  # None: not tried yet; True: loaded; False: cannot run (_error says why)
_error = None
_lock = threading.Lock()
_loader = None
_kernels = None                # (place_run, unplace) as numba made them (the helpers are replaced in place)


def ready() -> bool:
    """True once the kernel is in memory (``load`` has run and succeeded)."""
    return _state is True


def available() -> bool:
    """True when the compiled loop can run here: loads it first if need be (see ``load``)."""
    return load()


def unavailable_reason() -> str | None:
    """Why the compiled loop cannot run (None when it can or was not tried)."""
    return _error


def load() -> bool:
    """Import numba and compile the kernel, or load it from numba's on-disk cache (~20 s the first time on
    a 2 GHz machine, well under a second after), then place one pod on one node with it. Returns whether the
    compiled loop can run; any failure (numba missing or unusable, ``K8S_EXPLORER_NO_JIT=1``) leaves the
    Python loop. Thread-safe; only the first call does the work."""
    global _state, _error, place_run, unplace
    if _state is not None:
        return _state
    with _lock:
        if _state is not None:
            return _state
        try:
            if os.environ.get("K8S_EXPLORER_NO_JIT") == "1":
                raise ImportError("the compiled path is turned off (K8S_EXPLORER_NO_JIT=1)")
            place, take_back = _compile()
            _warm_up(place, take_back)
        except Exception as exc:  # noqa: BLE001 - whatever numba or LLVM says: the Python loop runs instead
            _error = str(exc) or type(exc).__name__
            _state = False
            return False
        place_run, unplace = place, take_back
        _state = True
        return True


def defer_load() -> None:
    """The caller starts :func:`load_in_background` when it suits it (the desktop app: once the window is
    quiet); until the kernel is loaded the fast path runs its Python loop (the same placements) instead of
    loading it on first use."""
    global load_on_first_use
    load_on_first_use = False


def load_in_background() -> threading.Thread:
    """Load the kernel in a daemon thread (once per process) and, until it is loaded, let the fast path run
    its Python loop (the same placements) instead of loading it on first use. Returns the thread."""
    global load_on_first_use, _loader
    load_on_first_use = False
    with _lock:
        if _loader is None:
            _loader = threading.Thread(target=load, name="scheduler-kernel", daemon=True)
            _loader.start()
    return _loader


def _place_run(zone, tt, na, ok_static, incl, acpu, amem, apods, req2, nz2, npods, cnt, cz, zone_has_label,
               pod_req, weights, flags, words, out_node, out_used, bits, vbits, hist):
    placed, why, rows = _place(zone, tt, na, ok_static, incl, acpu, amem, apods, req2, nz2, npods, cnt, cz,
                               zone_has_label, pod_req, weights, flags, words, out_node, out_used, bits, vbits, hist)
    bits[:rows, :] = 0            # the scratch, zeroed again for the next call
    hist[:rows, :] = 0
    vbits[:, :] = 0
    return placed, why


def _place(zone, tt, na, ok_static, incl, acpu, amem, apods, req2, nz2, npods, cnt, cz, zone_has_label,
           pod_req, weights, flags, words, out_node, out_used, bits, vbits, hist):
    """Place up to ``len(out_node)`` pods of one class. Arrays are per node (int64 unless said): ``zone``,
    ``tt`` (untolerated PreferNoSchedule taints), ``na`` (preferred node-affinity weight, >= 0), ``ok_static``
    and ``incl`` (bool: passes the static filters; counted by PodTopologySpread), allocatable ``acpu``,
    ``amem``, ``apods``; ``req2`` / ``nz2`` (2 x n: cpu row, memory row: requests and non-zero requests) and
    ``npods``, updated in place by every placement; ``cnt`` the class selector's pods per node and ``cz`` per
    zone (updated in place). ``pod_req`` = (req cpu, req mem, non-zero cpu, non-zero mem); ``weights`` = (fit,
    balanced, taint toleration, node affinity, topology spread), all >= 0; ``flags`` = (self match, spread
    scoring on, requests non-zero, least allocated, has preferred node affinity). ``out_node[i]`` gets pod
    i's node and ``out_used[i]`` the words drawn up to and including pod i. ``bits`` (rows x words of n bits),
    ``vbits`` (100 x the weights' sum + 1 rows of n bits) and ``hist`` (rows x the same): zeroed scratch of at
    least ``len(out_node) + 1 + zones x (max(cnt) + 1)`` rows, left zeroed. Returns (pods placed, DONE /
    NO_FEASIBLE / NO_WORDS)."""
    n = zone.shape[0]
    n_zones = cz.shape[0]
    rc, rm, nzc, nzm = pod_req[0], pod_req[1], pod_req[2], pod_req[3]
    w_fit, w_ba, w_tt, w_na, w_pts = weights[0], weights[1], weights[2], weights[3], weights[4]
    self_match = flags[0] != 0
    pts = flags[1] != 0
    req = flags[2] != 0
    least = flags[3] != 0
    has_pref = flags[4] != 0
    span = 100 * (w_fit + w_ba + w_tt + w_na) + 1    # every static total is in 0 .. span - 1
    P = out_node.shape[0]
    # feasibility and base per node (``_ClassState.apply``'s formulas)
    feas = np.zeros(n, dtype=np.bool_)
    base = np.zeros(n, dtype=np.int64)
    fcount = 0
    fz = np.zeros(n_zones, dtype=np.int64)
    hmax = 0
    for i in range(n):
        f = _feasible(ok_static[i], npods[i], apods[i], acpu[i], amem[i], req2[0, i], req2[1, i], rc, rm, req)
        feas[i] = f
        if f:
            base[i] = _base(acpu[i], amem[i], req2[0, i], req2[1, i], nz2[0, i], nz2[1, i], rc, rm, nzc, nzm,
                            w_fit, w_ba, req, least)
            fcount += 1
            fz[zone[i]] += 1
            if cnt[i] > hmax:
                hmax = cnt[i]
    if fcount == 0:
        return 0, NO_FEASIBLE, 0
    max_tt, max_na = _maxima(feas, tt, na)
    stat = np.zeros(n, dtype=np.int64)             # base + the TaintToleration and NodeAffinity part
    for i in range(n):
        if feas[i]:
            stat[i] = base[i] + _static_off(tt[i], na[i], max_tt, max_na, w_tt, w_na, has_pref)
    # slots: (zone, count) -> row, made on first use; per row a bitset of its nodes, how many of them have
    # each static total, and the best; per static total a bitset of the nodes that have it
    hm = hmax + P + 2
    row_of = np.full(n_zones * hm, -1, dtype=np.int64)
    n_words = (n + 63) >> 6
    rows = 0
    for i in range(n):
        if feas[i]:
            s = zone[i] * hm + cnt[i]
            if row_of[s] < 0:
                row_of[s] = rows
                rows += 1
    cap = rows + P + 1
    size = np.zeros(cap, dtype=np.int64)
    smax = np.zeros(cap, dtype=np.int64)
    slot_of_row = np.full(cap, -1, dtype=np.int64)
    active = np.empty(cap, dtype=np.int64)        # rows with members, and each row's place in it
    where = np.full(cap, -1, dtype=np.int64)
    n_active = 0
    for s in range(n_zones * hm):
        r = row_of[s]
        if r >= 0:
            slot_of_row[r] = s
    for i in range(n):
        if feas[i]:
            v = stat[i]
            if v < 0 or v >= span:
                return 0, NO_FEASIBLE, rows
            n_active = _enter(row_of[zone[i] * hm + cnt[i]], i, v, bits, vbits, hist, size, smax, active, where,
                              n_active)
    # per-cycle scratch
    score = np.empty(cap, dtype=np.int64)
    raw = np.empty(cap, dtype=np.int64)
    tied = np.empty(cap, dtype=np.int64)
    wp = 0
    for p in range(P):
        if fcount == 0:
            return p, NO_FEASIBLE, rows
        # each active slot's best total
        if pts:
            zones_on = 0
            for z in range(n_zones):
                if fz[z] > 0:
                    zones_on += 1
            wh = math.log(fcount + 2)
            wz = math.log(zones_on + 2)
            hi = np.int64(-1)
            lo = np.int64(0)
            for a in range(n_active):
                s = slot_of_row[active[a]]
                z = s // hm
                h = s - z * hm
                v = h * wh + 2.0
                if zone_has_label[z]:
                    v = v + (cz[z] * wz + 4.0)
                rv = np.int64(v + 0.5)
                raw[a] = rv
                if hi < 0 or rv > hi:
                    hi = rv
                if a == 0 or rv < lo:
                    lo = rv
            for a in range(n_active):
                if hi:
                    score[a] = smax[active[a]] + w_pts * ((100 * (hi + lo - raw[a])) // hi)
                else:
                    score[a] = smax[active[a]]
        else:
            for a in range(n_active):
                score[a] = smax[active[a]]
        best = score[0]
        for a in range(1, n_active):
            if score[a] > best:
                best = score[a]
        n_tied = 0
        count = 0
        for a in range(n_active):
            if score[a] == best:
                r = active[a]
                tied[n_tied] = r
                n_tied += 1
                count += hist[r, smax[r]]
        k = 0
        if count > 1:                 # CPython's Random._randbelow(count): getrandbits(count.bit_length())
            kb = 0
            c = count
            while c:
                kb += 1
                c >>= 1
            while True:
                if wp >= words.shape[0]:
                    return p, NO_WORDS, rows
                k = np.int64(words[wp] >> np.uint32(32 - kb))
                wp += 1
                if k < count:
                    break
        node = _kth(k, tied, n_tied, bits, vbits, smax, n_words)
        out_node[p] = node
        out_used[p] = wp
        # the bind: the node arrays, then this class's move of the node
        z = zone[node]
        n_active = _leave(row_of[z * hm + cnt[node]], node, stat[node], bits, vbits, hist, size, smax, active,
                          where, n_active)
        npods[node] += 1
        req2[0, node] += rc
        req2[1, node] += rm
        nz2[0, node] += nzc
        nz2[1, node] += nzm
        if self_match:
            cnt[node] += 1
            if incl[node]:
                cz[z] += 1
        if _feasible(ok_static[node], npods[node], apods[node], acpu[node], amem[node], req2[0, node],
                     req2[1, node], rc, rm, req):
            base[node] = _base(acpu[node], amem[node], req2[0, node], req2[1, node], nz2[0, node], nz2[1, node],
                               rc, rm, nzc, nzm, w_fit, w_ba, req, least)
            v = base[node] + _static_off(tt[node], na[node], max_tt, max_na, w_tt, w_na, has_pref)
            if v < 0 or v >= span:
                return p + 1, NO_FEASIBLE, rows
            stat[node] = v
            s = z * hm + cnt[node]
            r = row_of[s]
            if r < 0:
                r = rows
                rows += 1
                row_of[s] = r
                slot_of_row[r] = s
            n_active = _enter(r, node, v, bits, vbits, hist, size, smax, active, where, n_active)
        else:
            feas[node] = False
            fcount -= 1
            fz[z] -= 1
            if fcount and (tt[node] == max_tt or na[node] == max_na):
                new_tt, new_na = _maxima(feas, tt, na)
                if new_tt != max_tt or new_na != max_na:      # every static total moves: count them again
                    max_tt, max_na = new_tt, new_na
                    hist[:, :] = 0
                    vbits[:, :] = 0
                    for i in range(n):
                        if feas[i]:
                            v = base[i] + _static_off(tt[i], na[i], max_tt, max_na, w_tt, w_na, has_pref)
                            if v < 0 or v >= span:
                                return p + 1, NO_FEASIBLE, rows
                            stat[i] = v
                            hist[row_of[zone[i] * hm + cnt[i]], v] += 1
                            vbits[v, i >> 6] |= np.uint64(1) << np.uint64(i & 63)
                    for a in range(n_active):
                        r = active[a]
                        v = span - 1
                        while hist[r, v] == 0:
                            v -= 1
                        smax[r] = v
    return P, DONE, rows


def _base(ac, am, r_cpu, r_mem, nz_cpu, nz_mem, rc, rm, nzc, nzm, w_fit, w_ba, req, least):
    """NodeResourcesFit (weighted) + NodeResourcesBalancedAllocation (weighted) with the pod added, for a node
    with cpu and memory allocatable (``_ClassState.apply``)."""
    c = nz_cpu + nzc
    m = nz_mem + nzm
    if least:
        sc = (ac - c) * 100 // ac if c <= ac else 0
        sm = (am - m) * 100 // am if m <= am else 0
        b = (sc + sm) // 2
    else:
        b = ((c if c < ac else ac) * 100 // ac + (m if m < am else am) * 100 // am) // 2
    if w_fit != 1:
        b *= w_fit
    if req and w_ba:
        fc = (r_cpu + rc) / ac
        fm = (r_mem + rm) / am
        if fc > 1.0:
            fc = 1.0
        if fm > 1.0:
            fm = 1.0
        b += w_ba * np.int64((1 - abs((fc - fm) / 2)) * 100)
    return b


def _feasible(ok, npods, apods, ac, am, r_cpu, r_mem, rc, rm, req):
    if not ok or npods >= apods:
        return False
    if req:
        if rc and rc > ac - r_cpu:
            return False
        if rm and rm > am - r_mem:
            return False
    return True


def _maxima(feas, tt, na):
    """(max TaintToleration count, max NodeAffinity weight) over the feasible nodes (0, 0 with none)."""
    max_tt = np.int64(0)
    max_na = np.int64(0)
    first = True
    for i in range(feas.shape[0]):
        if feas[i]:
            if first:
                max_tt, max_na = tt[i], na[i]
                first = False
            else:
                if tt[i] > max_tt:
                    max_tt = tt[i]
                if na[i] > max_na:
                    max_na = na[i]
    return max_tt, max_na


def _static_off(t, a, max_tt, max_na, w_tt, w_na, has_pref):
    """TaintToleration and NodeAffinity, normalized (``_ClassState._refresh``)."""
    off = w_tt * 100 if max_tt == 0 else w_tt * (100 - 100 * t // max_tt)
    if has_pref:
        off += w_na * (100 * a // max_na if max_na else a)
    return off


def _enter(r, i, v, bits, vbits, hist, size, smax, active, where, n_active):
    bit = np.uint64(1) << np.uint64(i & 63)
    bits[r, i >> 6] |= bit
    vbits[v, i >> 6] |= bit
    hist[r, v] += 1
    size[r] += 1
    if size[r] == 1:
        smax[r] = v
        active[n_active] = r
        where[r] = n_active
        n_active += 1
    elif v > smax[r]:
        smax[r] = v
    return n_active


def _leave(r, i, v, bits, vbits, hist, size, smax, active, where, n_active):
    bit = ~(np.uint64(1) << np.uint64(i & 63))
    bits[r, i >> 6] &= bit
    vbits[v, i >> 6] &= bit
    hist[r, v] -= 1
    size[r] -= 1
    if size[r] == 0:
        a = where[r]
        n_active -= 1
        last = active[n_active]
        active[a] = last
        where[last] = a
        where[r] = -1
    elif v == smax[r] and hist[r, v] == 0:
        while hist[r, v] == 0:
            v -= 1
        smax[r] = v
    return n_active


def _popcount(x):
    x = x - ((x >> np.uint64(1)) & np.uint64(0x5555555555555555))
    x = (x & np.uint64(0x3333333333333333)) + ((x >> np.uint64(2)) & np.uint64(0x3333333333333333))
    x = (x + (x >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
    return np.int64((x * np.uint64(0x0101010101010101)) >> np.uint64(56))


def _kth(k, tied, n_tied, bits, vbits, smax, n_words):
    """The k-th (0-based) node in cache order among the tied slots' nodes that reach their slot's best."""
    for w in range(n_words):
        word = np.uint64(0)
        for t in range(n_tied):
            r = tied[t]
            word |= bits[r, w] & vbits[smax[r], w]
        c = _popcount(word)
        if k >= c:
            k -= c
            continue
        b = 0
        while True:
            if word & np.uint64(1):
                if k == 0:
                    return (w << 6) + b
                k -= 1
            word >>= np.uint64(1)
            b += 1
    return -1


def _unplace(nodes, zone, incl, cnt, cz, req2, nz2, npods, pod_req, self_match):
    """Take back placements ``place_run`` made that were not bound (in any order): the node arrays and the
    class counts return to what they were before them."""
    rc, rm, nzc, nzm = pod_req[0], pod_req[1], pod_req[2], pod_req[3]
    for j in range(nodes.shape[0]):
        node = nodes[j]
        npods[node] -= 1
        req2[0, node] -= rc
        req2[1, node] -= rm
        nz2[0, node] -= nzc
        nz2[1, node] -= nzm
        if self_match:
            cnt[node] -= 1
            if incl[node]:
                cz[zone[node]] -= 1


def _compile() -> tuple:
    """(place_run, unplace) compiled by numba (cached on disk next to this file, or in numba's user cache)."""
    global _kernels
    if _kernels is None:
        from numba import njit

        g = globals()
        jit, inline = njit(cache=True), njit(cache=True, inline="always")
        for name in ("_base", "_feasible", "_static_off", "_popcount"):
            g[name] = inline(g[name])
        for name in ("_maxima", "_enter", "_leave", "_kth", "_place"):
            g[name] = jit(g[name])
        _kernels = (jit(_place_run), jit(_unplace))
    return _kernels


def _warm_up(place, take_back) -> None:
    """One pod on one node, and taken back: numba compiles (or loads) on the first call."""
    one = np.ones(1, dtype=np.int64)
    zero = np.zeros(1, dtype=np.int64)
    yes = np.ones(1, dtype=np.bool_)
    node = np.empty(1, dtype=np.int64)
    place(zero, zero.copy(), zero.copy(), yes, yes.copy(), one * 1000, one * 1000, one * 10,
          np.zeros((2, 1), dtype=np.int64), np.zeros((2, 1), dtype=np.int64), zero.copy(), zero.copy(), zero.copy(),
          yes.copy(), np.array([100, 100, 100, 100], dtype=np.int64), np.array([1, 1, 1, 1, 2], dtype=np.int64),
          np.array([1, 1, 1, 1, 0], dtype=np.int64), np.zeros(4, dtype=np.uint32), node,
          np.empty(1, dtype=np.int64), np.zeros((4, 1), dtype=np.uint64), np.zeros((401, 1), dtype=np.uint64),
          np.zeros((4, 401), dtype=np.int32))
    take_back(node, zero.copy(), yes.copy(), zero.copy(), zero.copy(), np.ones((2, 1), dtype=np.int64),
              np.ones((2, 1), dtype=np.int64), one.copy(), np.zeros(4, dtype=np.int64), True)
