"""The incremental path: the same placements as the plain cycle, at a cost per pod that does not grow with the
number of nodes.

Pods of one template (a ReplicaSet's pods: same namespace, labels, owner, requests, tolerations, node
affinity) form an *equivalence class*. For a class, every node's weighted total is

    base(node) + offset(group(node))

where ``base`` = NodeResourcesFit and NodeResourcesBalancedAllocation (they depend only on the node's own
requests, so a bind changes them for that node alone), and the *group* is (zone, pods of the class's spread
selector on the node, untolerated PreferNoSchedule taints, preferred node-affinity weight). Everything that
normalizes over all feasible nodes (TaintToleration, NodeAffinity, PodTopologySpread's min/max and its
log-weights, which move with every bind in a zone) is a function of the group alone, so each cycle evaluates a
handful of groups instead of thousands of nodes.

A class state is built with numpy in one pass (nodes sorted by group, then base descending, then cache order)
and then kept up to date from the scheduler's bind log: a node that changes leaves the sorted arrays (it is
marked dirty) and moves into a small per-group side table. Ties are resolved exactly as the plain cycle does:
the k-th tied node in cache order with ``k = rng.randrange(ties)``.

With Kubernetes' adaptive percentageOfNodesToScore (fewer nodes searched than exist), the class state's numpy
arrays give the window of the first feasible nodes from the rotating start index and score it vectorized.

In a batch with every feasible node scored, a run of one class's pods is placed by the compiled loop
(compiled.py, numba; ``FastPath.run_compiled``) when it is loaded; ``_ClassState.run`` is the same loop in
Python, used otherwise (same placements and random draws; the tests run both).

The path declines (returns None, and the plain cycle runs) when it cannot be exact cheaply: pod affinity on
the pod or in a counted pod's terms that select it, explicit topology spread constraints, hostPorts,
nodeName, images on nodes, disabled plugins, or no feasible node at all.
"""

from __future__ import annotations

import math
import random
from array import array
from bisect import bisect_left, bisect_right

import numpy as np

from explorer.model.selectors import matches_label_selector
from explorer.sim.scheduler.framework import PodInfo
from explorer.sim.scheduler.plugins.balancedallocation import balanced_score
from explorer.sim.scheduler.plugins.nodeaffinity import preferred_sum, required_match
from explorer.sim.scheduler.plugins.noderesourcesfit import LEAST_ALLOCATED, allocation_score
from explorer.sim.scheduler.plugins.nodeunschedulable import NodeUnschedulable
from explorer.sim.scheduler.plugins.podtopologyspread import HOSTNAME, ZONE, default_selector
from explorer.sim.scheduler.plugins.tainttoleration import (count_intolerable_prefer_no_schedule,
                                                            prefer_no_schedule_tolerations, untolerated_taint)

WORDS_PER_POD, EXTRA_WORDS = 2, 32   # random words drawn ahead per compiled chunk (a draw takes < 2 on average)
MAX_WEIGHT_SUM = 20       # the compiled loop's limit on the four static scores' weights (its tables grow with it)
REBUILD_AFTER = 96       # bind-log entries a class catches up one by one before it rebuilds instead
MAX_CLASSES = 8          # class states kept (least recently used are dropped)
MAX_STATICS = 16

_NEG_INF = float("-inf")
_I64_MIN, _I64_MAX = -2 ** 63, 2 ** 63 - 1
_NO_META: dict = {}


_KEYS: dict = {}          # class key -> itself: the pods of one class share one key object


def class_key(pi) -> tuple:
    """Everything about a pod that the fast path's placement depends on (one shared tuple per class, so the
    counted pods do not each keep their own copy alive for the cyclic GC to walk)."""
    key = pi._class_key
    if key is None:
        owner = pi.owner
        key = (pi.namespace, tuple(sorted(pi.labels.items())),
               (owner.get("kind"), owner.get("name")) if owner else None, pi.spec_sig)
        shared = _KEYS.get(key)
        if shared is None:
            if len(_KEYS) >= 4096:
                _KEYS.clear()
            _KEYS[key] = shared = key
        pi._class_key = key = shared
    return key


def static_key(pi) -> tuple:
    return pi.spec_sig[4:]


class _Group:
    """The feasible nodes of one group, kept sorted by (base, cache order): two parallel lists (``b`` = base,
    ascending; ``idx`` = node index, ascending within equal base), so the group's best base is ``b[-1]`` and
    the nodes with that base are the block at the end, ``idx[len - tied:]``, in cache order (a picked node is
    deleted from near the end: little to move). A changed node is deleted and re-inserted in place."""

    __slots__ = ("zone", "count_h", "tt", "na", "b", "idx", "pair", "static_off", "slot", "up")

    def __init__(self, zone, count_h, tt, na, b=None, idx=None):
        self.zone, self.count_h, self.tt, self.na = zone, count_h, tt, na
        self.b = [] if b is None else b             # base, ascending
        self.idx = [] if idx is None else idx       # node index; ascending within equal base
        self.pair = (zone, count_h)
        self.static_off = None       # TaintToleration + NodeAffinity part of the total (for (max_tt, max_na)),
        #                              so that the group's best total is static_off + b[-1]
        self.slot = None             # its pair's place in the class's slot lists (set by _ClassState._refresh)
        self.up = None               # the group one class pod up (count_h + 1), once looked up since _refresh

    def remove(self, base: int, n: int) -> None:
        b, idx = self.b, self.idx
        lo = bisect_left(b, base)
        i = bisect_left(idx, n, lo, bisect_right(b, base, lo))
        del b[i], idx[i]

    def insert(self, base: int, n: int) -> None:
        b, idx = self.b, self.idx
        lo = bisect_left(b, base)
        i = bisect_left(idx, n, lo, bisect_right(b, base, lo))
        b.insert(i, base)
        idx.insert(i, n)

    def tied_from(self) -> int:
        """Where the block of the nodes with the best base starts in ``b`` / ``idx``."""
        b = self.b
        return bisect_left(b, b[-1])


MERGE_TIES_UP_TO = 200  # tied nodes over 3+ groups: merged and sorted up to this many, else searched
FEW_TIES_LEFT = 32      # the search's range is narrowed down to this many tied nodes, then they are sorted


def _kth(tied: list, k: int, count: int, n_nodes: int) -> int:
    """The k-th smallest node index (0-based) among the ``count`` best-base nodes of the tied groups (each
    group's best-base nodes are the block at the end of its list, in cache order; a node is in one group
    only)."""
    if len(tied) == 1:
        g = tied[0]
        return g.idx[len(g.idx) - count + k]
    if len(tied) == 2:
        # k-th of two sorted blocks: binary search on how many come from the first (a few steps)
        g, h = tied
        a, b = g.idx, h.idx
        oa, ob = g.tied_from(), h.tied_from()
        na, nb = len(a) - oa, len(b) - ob
        take = k + 1
        lo, hi = (take - nb if take > nb else 0), (take if take < na else na)
        ob += take - 1
        while lo < hi:          # the smallest i (taken from a) with a[oa + i] > b[ob + take - i - 1]
            i = (lo + hi) // 2
            if a[oa + i] < b[ob - i]:
                lo = i + 1
            else:
                hi = i
        j = take - lo
        if lo == 0:
            return b[ob - take + j]
        if j == 0:
            return a[oa + lo - 1]
        x, y = a[oa + lo - 1], b[ob - take + j]
        return x if x > y else y
    if count <= MERGE_TIES_UP_TO:
        merged = []
        for g in tied:
            merged += g.idx[g.tied_from():]
        merged.sort()
        return merged[k]
    sources = []
    lo_v, hi_v = n_nodes, 0
    for g in tied:
        idx = g.idx
        lo = g.tied_from()
        sources.append((idx, lo))
        if idx[lo] < lo_v:
            lo_v = idx[lo]
        if idx[-1] > hi_v:
            hi_v = idx[-1]
    # the answer is in [lo_v, hi_v], with c_lo tied nodes below lo_v and c_hi at or below hi_v: narrow the
    # range with probes interpolated between the two (tied nodes spread evenly over the node indexes take a
    # few; the midpoint after a probe that did not halve c_hi - c_lo), then sort the few tied nodes left in it
    c_lo, c_hi = 0, count
    middle = False
    while c_hi - c_lo > FEW_TIES_LEFT:
        left = c_hi - c_lo
        if middle:
            mid = (lo_v + hi_v) // 2
        else:
            mid = lo_v + (hi_v - lo_v) * (2 * (k - c_lo) + 1) // (2 * left)
        c = 0
        for idx, lo in sources:
            c += bisect_right(idx, mid, lo) - lo
        if c > k:
            hi_v, c_hi = mid, c
        else:
            lo_v, c_lo = mid + 1, c
        middle = 2 * (c_hi - c_lo) > left
    few = []
    for idx, lo in sources:
        start = bisect_left(idx, lo_v, lo)
        few += idx[start:bisect_right(idx, hi_v, start)]
    few.sort()
    return few[k - c_lo]


_ABSENT = object()
# CPython's Random._randbelow for generators with getrandbits: run's loop draws the same numbers inline
_RANDBELOW_GETRANDBITS = getattr(random.Random, "_randbelow_with_getrandbits", None)


def _label_keys_read(pi):
    """The node label keys the pod's nodeSelector and node affinity terms read (NodeAffinity's verdict and
    score depend on those labels alone), or None when a term reads the node's name (``matchFields``) or is not
    plain data: then every node is judged on its own."""
    keys = list(pi.node_selector)
    terms = list(pi.required_node_terms or ()) + [pref for _, pref in pi.preferred_node_terms]
    for term in terms:
        if not isinstance(term, dict) or term.get("matchFields"):
            return None
        for e in term.get("matchExpressions") or ():
            if not isinstance(e, dict) or not isinstance(e.get("key"), str):
                return None
            keys.append(e["key"])
    return tuple(dict.fromkeys(keys))


class _Static:
    """Per static signature (tolerations, node selector/affinity): which nodes pass NodeUnschedulable,
    TaintToleration and NodeAffinity, the raw TaintToleration and NodeAffinity scores, and PTS inclusion."""

    def __init__(self, nodes, pi):
        tol = pi.tolerations
        prefer = prefer_no_schedule_tolerations(tol)
        unsched = NodeUnschedulable()
        ok, tt, na, incl = [], [], [], []
        has_pref = bool(pi.preferred_node_terms)
        keys = _label_keys_read(pi)
        memo = {}       # what the verdicts depend on (labels read, taints, unschedulable[, name]) -> verdicts
        for node in nodes:
            if keys is None:
                sig = None
            else:
                taints = node.taints
                try:
                    sig = (tuple([node.labels.get(k, _ABSENT) for k in keys]), taints, node.unschedulable)
                    hit = memo.get(sig)
                except TypeError:       # an unhashable label value or taint: no memo for this node
                    sig = hit = None
                if hit is not None:
                    match, passes, t, a = hit
                    incl.append(match)
                    ok.append(passes)
                    tt.append(t)
                    na.append(a)
                    continue
            match = required_match(pi, node)
            passes = match and unsched.filter(None, pi, node) is None and untolerated_taint(node.taints, tol) is None
            t = count_intolerable_prefer_no_schedule(node.taints, prefer) if node.taints else 0
            a = preferred_sum(pi, node) if has_pref else 0
            if sig is not None:
                memo[sig] = (match, passes, t, a)
            incl.append(match)
            ok.append(passes)
            tt.append(t)
            na.append(a)
        self.ok, self.tt, self.na, self.incl = ok, tt, na, incl
        self.ok_np = np.array(ok, dtype=bool)
        self.tt_np = np.array(tt, dtype=np.int64)
        self.na_np = np.array(na, dtype=np.int64)
        self.incl_np = np.array(incl, dtype=bool)
        self._numbers = None

    def group_numbers(self, zone_id, n_zones: int) -> tuple:
        """(each node's static group number, how many numbers there can be): the node's zone, TaintToleration
        count and NodeAffinity weight (the last two by rank among the values present), made once."""
        if self._numbers is None:
            tt_values, tt_rank = np.unique(self.tt_np, return_inverse=True)
            na_values, na_rank = np.unique(self.na_np, return_inverse=True)
            numbers = zone_id + n_zones * (tt_rank.reshape(-1) + len(tt_values) * na_rank.reshape(-1))
            self._numbers = (numbers.astype(np.int64), n_zones * max(len(tt_values), 1) * max(len(na_values), 1))
        return self._numbers


class _ClassState:
    """One equivalence class's groups, kept current from the bind log."""

    def __init__(self, fast, pi):
        fast._sync()
        sched = fast.scheduler
        self.gen = sched.generation
        self.log_pos = len(sched.pod_log)
        self.pi = pi
        self.static = st = fast.static_for(pi)
        self.selector = default_selector(pi, sched.snapshot, fast.services_in(pi))
        self.match_cache = {}
        cfg = sched.config
        w = cfg.weights
        self.w_tt, self.w_na = w.get("TaintToleration", 0), w.get("NodeAffinity", 0)
        self.w_pts, self.w_fit = w.get("PodTopologySpread", 0), w.get("NodeResourcesFit", 0)
        self.w_ba = w.get("NodeResourcesBalancedAllocation", 0)
        self.strategy = cfg.scoring_strategy
        self.least = cfg.scoring_strategy == LEAST_ALLOCATED
        self.has_pref = bool(pi.preferred_node_terms)
        self.req = bool(pi.req_cpu or pi.req_mem)
        nodes = fast.nodes
        n = len(nodes)
        zone_id = fast.zone_id
        # counts of the class's selector per node (PodTopologySpread system defaults)
        cnt = np.zeros(n, dtype=np.int64)
        matched = fast.matching(pi.namespace, self.selector) if self.selector is not None else ()
        for key, node in matched:
            cnt[node.index] += 1
        self.cnt = cnt.tolist() if matched else [0] * n
        self.cnt_np = cnt
        if matched:
            incl = st.incl_np
            self.cz = np.bincount(zone_id[incl], cnt[incl], minlength=fast.n_zones).astype(np.int64).tolist()
        else:
            self.cz = [0] * fast.n_zones
        # feasibility and base scores, vectorized
        a = fast.arr
        feasible = a["npods"] < a["apods"]
        feasible &= st.ok_np
        if pi.req_cpu:
            feasible &= a["rcpu"] <= a["acpu"] - pi.req_cpu
        if pi.req_mem:
            feasible &= a["rmem"] <= a["amem"] - pi.req_mem
        if fast.alloc_nonzero and fast.alloc_small:       # cpu and memory as the two rows of one array
            alloc2_f = a["alloc2_f"]
            base = _fit_rows(self.least, a["nz2"], np.array([[pi.nz_cpu], [pi.nz_mem]], dtype=np.float64),
                             alloc2_f)
            if self.w_fit != 1:
                base *= self.w_fit
            if self.req and self.w_ba:
                base += self.w_ba * _balanced_rows(a["req2"], np.array([[pi.req_cpu], [pi.req_mem]],
                                                                       dtype=np.float64), alloc2_f)
        else:
            base = _fit_np(self.strategy, a["nzcpu"] + pi.nz_cpu, a["acpu"], a["nzmem"] + pi.nz_mem, a["amem"],
                           fast.alloc_nonzero, fast.alloc_small)
            if self.w_fit != 1:
                base *= self.w_fit
            if self.req and self.w_ba:
                base += self.w_ba * _balanced_np(a["rcpu"] + pi.req_cpu, a["acpu"], a["rmem"] + pi.req_mem,
                                                 a["amem"], fast.alloc_nonzero)
        # every node's base, kept current: a plain int64 array (fast per-node access) and a numpy view of it
        base = np.ascontiguousarray(base, dtype=np.int64)
        self.base = array("q", base.tobytes())
        self.base_np = np.frombuffer(self.base, dtype=np.int64)    # feas_np, cnt_np: only for the sampled search
        self.feas_np = feasible
        self.window = fast._to_find < n
        self.member = bytearray(feasible.view(np.uint8).tobytes())   # 1 = in its group's lists
        self.feasible_count = fcount = int(np.count_nonzero(feasible))
        self.fz = fz = [0] * fast.n_zones
        self.groups = {}
        self.static_for = None       # (max_tt, max_na) the groups' static_off were computed for
        self.live_dirty = True       # the set of non-empty groups changed since the slots were made
        # one slot per (zone, count_h) pair with feasible nodes, made by _refresh: the pair, its non-empty
        # groups, its best (base + static_off) and the groups reaching it, and the slots of each zone
        self.slot_pairs, self.slot_groups, self.slot_best, self.slot_tied = [], [], [], []
        self.zone_slots = {}
        self.stale = set()           # slots whose best must be recomputed
        if fcount:
            # one stable sort of all nodes by (group number, base), the infeasible ones last: equal keys keep
            # cache order; a key below 2**16 takes numpy's radix sort
            gk, n_gk = st.group_numbers(zone_id, fast.n_zones)
            if matched:
                gk = gk + n_gk * cnt
                n_gk *= int(cnt.max()) + 1
            if self.w_fit >= 0 and self.w_ba >= 0:     # each score is within 0..100
                bmin, bmax = 0, 100 * self.w_fit + (100 * self.w_ba if self.req else 0)
            else:
                bmax = int(base.max(where=feasible, initial=_I64_MIN))
                bmin = int(base.min(where=feasible, initial=_I64_MAX))
            span = bmax - bmin + 1
            key = gk * span
            key += base
            if bmin:
                key -= bmin
            top = n_gk * span        # above every feasible node's key
            np.putmask(key, ~feasible, top)
            if top < 65536:
                order = np.argsort(key.astype(np.uint16), kind="stable")
            else:                    # distinct keys: any sort gives the stable order
                key *= n
                key += np.arange(n)
                order = np.argsort(key)
            order = order[:fcount]
            s_gk = gk[order]
            bounds = [0] + (np.flatnonzero(s_gk[1:] != s_gk[:-1]) + 1).tolist() + [fcount]
            s_b, s_idx = base[order], fast.node_ints[order]
            zone_list, cnt_l, tt_l, na_l = fast.zone_list, self.cnt, st.tt, st.na
            groups = self.groups
            for i in range(len(bounds) - 1):
                lo, hi = bounds[i], bounds[i + 1]
                idx = s_idx[lo:hi].tolist()
                first = idx[0]
                zone = zone_list[first]
                key = (zone, cnt_l[first], tt_l[first], na_l[first])
                groups[key] = _Group(*key, s_b[lo:hi].tolist(), idx)
                fz[zone] += hi - lo

    # bookkeeping --------------------------------------------------------------------------------------------
    def apply(self, fast, node, pi, delta) -> None:
        """A pod bound to (+1) or removed from (-1) ``node``: move the node to its new group and base."""
        n = node.index
        st = self.static
        zone = fast.zone_list[n]
        cnt = self.cnt
        h = cnt[n]
        groups = self.groups
        if self.member[n]:
            self.member[n] = 0
            g = groups[(zone, h, st.tt[n], st.na[n])]
            g.remove(self.base[n], n)
            self.stale.add(g.slot)
            self.feasible_count -= 1
            self.fz[zone] -= 1
            if not g.idx:
                self.live_dirty = True
        if self.selector is not None and pi.namespace == self.pi.namespace:
            ck = class_key(pi)
            m = self.match_cache.get(ck)
            if m is None:
                m = self.match_cache[ck] = matches_label_selector(self.selector, pi.labels)
            if m:
                h += delta
                cnt[n] = h
                if self.window:
                    self.cnt_np[n] = h
                if st.incl[n]:
                    self.cz[zone] += delta
        me = self.pi
        ok = st.ok[n] and len(node.pods) + 1 <= node.alloc_pods
        if ok and self.req:
            if me.req_cpu and me.req_cpu > node.alloc_cpu - node.req_cpu:
                ok = False
            elif me.req_mem and me.req_mem > node.alloc_mem - node.req_mem:
                ok = False
        ac, am = node.alloc_cpu, node.alloc_mem
        if fast.alloc_nonzero:
            rc, rm = node.nz_cpu + me.nz_cpu, node.nz_mem + me.nz_mem
            if self.least:
                base = (((ac - rc) * 100 // ac if rc <= ac else 0) + ((am - rm) * 100 // am if rm <= am else 0)) // 2
            else:
                base = ((rc if rc < ac else ac) * 100 // ac + (rm if rm < am else am) * 100 // am) // 2
            if self.w_fit != 1:
                base *= self.w_fit
        else:
            base = self.w_fit * allocation_score(self.strategy, node.nz_cpu + me.nz_cpu, ac, node.nz_mem + me.nz_mem,
                                                 am)
        if self.req and self.w_ba:
            if ac and am:
                fc = (node.req_cpu + me.req_cpu) / ac
                fm = (node.req_mem + me.req_mem) / am
                if fc > 1.0:
                    fc = 1.0
                if fm > 1.0:
                    fm = 1.0
                base += self.w_ba * int((1 - abs((fc - fm) / 2)) * 100)
            else:
                base += self.w_ba * balanced_score(node.req_cpu + me.req_cpu, ac, node.req_mem + me.req_mem, am)
        self.base[n] = base
        if self.window:
            self.feas_np[n] = ok
        if not ok:
            return
        key = (zone, h, st.tt[n], st.na[n])
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(*key)
            self.static_for = None
        g.insert(base, n)
        if len(g.idx) == 1:
            self.live_dirty = True
        self.stale.add(g.slot)
        self.member[n] = 1
        self.feasible_count += 1
        self.fz[zone] += 1

    def run(self, fast, it, tpl, first, bind, out):
        """Schedule the next pods of the iterator ``it`` while they are pending pods of this class: the same
        spec dict as ``first`` (the pod ``tpl`` was made for, just placed by this class), the same namespace,
        labels and owner references, and while nothing but the binds changed the cache in ways the bind log
        does not carry (generation, pod-affinity set, config). Per pod: one selection, the bind, the cache
        update and this class's move of the bound node, inline. Only for full scoring (every feasible node).

        Returns the first pod it did not take, for the caller's general path (None when ``it`` is done). A
        bind that does not return the plain bound pod (``spec.nodeName`` added, all else shared) goes through
        ``Scheduler.add_pod`` and the bind log, as in ``catch_up``."""
        sched = fast.scheduler
        log = sched.pod_log
        gen, aff, config = sched.generation, sched.affinity_version, sched.config
        raw0 = first.raw
        meta0 = raw0.get("metadata") or {}
        spec0 = raw0.get("spec")
        ns0, labels0, refs0 = meta0.get("namespace"), meta0.get("labels"), meta0.get("ownerReferences")
        spec_items = list(spec0.items())
        spec_len = len(spec0) + 1
        owner0, key0 = tpl.owner, tpl._class_key
        spec_values, sibling = tpl.spec_values(), PodInfo.sibling
        pods_map, pending, nodes = sched._pods, sched._index_pending, fast.nodes
        rng = sched.rng
        me = self.pi
        rc, rm, nzc, nzm = me.req_cpu, me.req_mem, me.nz_cpu, me.nz_mem
        self_match = self.selector is not None and matches_label_selector(self.selector, labels0 or {})
        st = self.static
        s_ok, s_tt, s_na, s_incl = st.ok, st.tt, st.na, st.incl
        zone_list = fast.zone_list
        cnt, base_l, member, groups, stale, fz, cz = (self.cnt, self.base, self.member, self.groups, self.stale,
                                                     self.fz, self.cz)
        req, least, w_fit, w_ba = self.req, self.least, self.w_fit, self.w_ba
        live = fast.live
        q_req, q_nz, q_npods, n_all = live["req"], live["nz"], live["npods"], len(nodes)
        nonzero = fast.alloc_nonzero
        pts, w_pts = self.selector is not None and self.w_pts, self.w_pts
        zone_has_label, n_zones, n_nodes = fast.zone_has_label, len(fz), len(nodes)
        # rng.randrange(k) for an int k > 0 is rng._randbelow(k) (CPython's random.py): called directly, the
        # same draws without randrange's argument handling
        randrange, ln = getattr(rng, "_randbelow", rng.randrange), math.log
        getrandbits = rng.getrandbits
        inline_draw = getattr(type(rng), "_randbelow", None) is _RANDBELOW_GETRANDBITS
        slots_for = fc_for = dirty_zone = None      # what the kept raw spread scores (rs) are for
        from explorer.sim.scheduler.scheduler import POD_LOG_TRIM_AT as trim_at
        queue_index = sched.queue_index
        queued = queue = None
        ns, labels = me.namespace, me.labels
        if fast.log_pos != len(log):
            fast._sync()
        for pod in it:
            raw = pod.raw
            meta = raw.get("metadata") or _NO_META
            refs = meta.get("ownerReferences")
            if (raw.get("spec") is not spec0 or meta.get("namespace") != ns0 or meta.get("labels") != labels0
                    or (refs is not refs0 and refs != refs0) or sched.generation != gen
                    or sched.affinity_version != aff or sched.config is not config):
                return pod
            if self.log_pos != len(log):
                if self.log_pos < 0 or len(log) - self.log_pos > REBUILD_AFTER or fast.classes.get(key0) is not self:
                    return pod
                self.catch_up(fast, log)
                slots_for = None             # counts may have moved anywhere: recompute the spread scores
                if fast.log_pos != len(log):
                    fast._sync()
            # ``select``, inline
            if not self.feasible_count:
                return pod
            if self.live_dirty:
                self._refresh()
            if stale:
                self._update_stale()
            totals = self.slot_best
            if pts:
                # PodTopologySpread's raw score per slot ((zone, count) pair), then its min-max normalization;
                # an unlabelled zone adds 0.0 (the same float sum as leaving the term out). The raw scores
                # are kept (rs) and recomputed only for the zone whose count moved, unless the slots or the
                # feasible node count (and with it, maybe, the number of zones with feasible nodes) changed.
                fc = self.feasible_count
                if self.slot_pairs is not slots_for or fc != fc_for:
                    zones_on = n_zones - fz.count(0)
                    slots_for, fc_for = self.slot_pairs, fc
                    wh, wz = ln(fc + 2), ln(zones_on + 2)
                    zterm = [c * wz + 4.0 if has else 0.0 for c, has in zip(cz, zone_has_label)]
                    h_term = [h * wh + 2.0 for _, h in slots_for]
                    rs = [int(ht + zterm[z] + 0.5) for ht, (z, _) in zip(h_term, slots_for)]
                    zone_slots = [self.zone_slots.get(z, ()) for z in range(n_zones)]
                elif dirty_zone is not None:
                    zt = cz[dirty_zone] * wz + 4.0 if zone_has_label[dirty_zone] else 0.0
                    for slot in zone_slots[dirty_zone]:
                        rs[slot] = int(h_term[slot] + zt + 0.5)
                dirty_zone = None
                hi = max(rs)
                if hi:
                    c = hi + min(rs)
                    totals = [v + w_pts * (100 * (c - r) // hi) for r, v in zip(rs, totals)]
            best = max(totals)
            if totals.count(best) == 1:
                tied = self.slot_tied[totals.index(best)]
            else:
                tied = [g for t, gs in zip(totals, self.slot_tied) if t == best for g in gs]
            if len(tied) == 1:          # g: the picked node's group, pos: its place in g's lists
                g = tied[0]
                bl = g.b
                pos = len(bl) - 1
                top = bl[pos]
                if pos and bl[pos - 1] == top:      # more than one node with the best base
                    lo = bisect_left(bl, top, 0, pos - 1)
                    count = pos + 1 - lo
                    if inline_draw:     # rng._randbelow(count), inline
                        kb = count.bit_length()
                        r = getrandbits(kb)
                        while r >= count:
                            r = getrandbits(kb)
                        pos = lo + r
                    else:
                        pos = lo + randrange(count)
                n = g.idx[pos]
            elif len(tied) == 2:        # k-th of two sorted blocks, by binary search (as in _kth)
                g, g2 = tied
                a, b2 = g.idx, g2.idx
                oa = g.tied_from()
                ob = g2.tied_from()
                na, nb = len(a) - oa, len(b2) - ob
                count = na + nb
                take = randrange(count) + 1
                lo, hi = (take - nb if take > nb else 0), (take if take < na else na)
                ob += take - 1
                while lo < hi:              # the smallest i (taken from a) with a[oa + i] > b2[ob - i]
                    i = (lo + hi) // 2
                    if a[oa + i] < b2[ob - i]:
                        lo = i + 1
                    else:
                        hi = i
                j = take - lo
                if lo == 0 or (j and b2[ob - take + j] > a[oa + lo - 1]):
                    g, pos = g2, ob - take + j
                else:
                    pos = oa + lo - 1
                n = g.idx[pos]
            else:
                count = 0
                for g in tied:
                    count += len(g.b) - g.tied_from()
                n = _kth(tied, randrange(count), count, n_nodes)
                g = groups[(zone_list[n], cnt[n], s_tt[n], s_na[n])]
                pos = bisect_left(g.idx, n, g.tied_from())
            pi = sibling(spec_values, ns, pod, meta, owner0, key0)
            info = nodes[n]
            name = info.name
            out.append(name)
            sched._recent = pi
            b = bind(pod, name)
            if b is None:
                continue                    # reported through add_pod: caught up from the log next time
            braw = b.raw
            bspec = braw.get("spec")
            key = pi.key
            # inline only when the bind changed nothing else (no other bind-log entry, same generation)
            plain = (braw.get("metadata") is meta and bspec.get("nodeName") == name and len(bspec) == spec_len
                     and self.log_pos == len(log) and sched.generation == gen)
            if plain:
                for k, v in spec_items:
                    if bspec.get(k) is not v:
                        plain = False
                        break
            # (last: a new key is counted here, for the inline add_pod below)
            if not plain or pods_map.setdefault(key, pi) is not pi:
                sched._recent = pi
                sched.add_pod(b)
                continue
            # Scheduler.add_pod, inline (no affinity, no host ports: the class is on the fast path)
            pi.pod = b
            pi.node_name = name
            if not pending or pending[-1] is not queued:
                queued = queue_index(ns, labels)
                queue = queued.pods.append
            queue(pi)
            node_pods = info.pods
            node_pods[key] = pi
            info.req_cpu = r_cpu = info.req_cpu + rc
            info.req_mem = r_mem = info.req_mem + rm
            info.nz_cpu = nz_cpu = info.nz_cpu + nzc
            info.nz_mem = nz_mem = info.nz_mem + nzm
            npods = len(node_pods)
            q_req[n] = r_cpu             # FastPath._sync for this bind, inline (the arrays are current up to it)
            q_nz[n] = nz_cpu
            q_req[n + n_all] = r_mem     # (the memory row)
            q_nz[n + n_all] = nz_mem
            q_npods[n] = npods
            log.append((info, pi, 1))
            fast.log_pos = len(log)
            # this class's move of node n (``apply`` for its own pod; n was picked, so it is in its group)
            zone = zone_list[n]
            h = cnt[n]
            bl, idx = g.b, g.idx
            top = bl[-1]
            del bl[pos], idx[pos]         # _Group.remove, with the place found by the pick
            if not idx:
                self.live_dirty = True
            elif bl[-1] != top:           # (the group's best, and so its slot's, moves only then)
                stale.add(g.slot)
            if self_match:
                h += 1
                cnt[n] = h
                if s_incl[n]:
                    cz[zone] += 1
                    dirty_zone = zone
            ac, am = info.alloc_cpu, info.alloc_mem
            ok = s_ok[n] and npods < info.alloc_pods
            if ok and req:
                if rc and rc > ac - r_cpu:
                    ok = False
                elif rm and rm > am - r_mem:
                    ok = False
            if nonzero:
                c, m = nz_cpu + nzc, nz_mem + nzm
                if least:
                    base = (((ac - c) * 100 // ac if c <= ac else 0) + ((am - m) * 100 // am if m <= am else 0)) // 2
                else:
                    base = ((c if c < ac else ac) * 100 // ac + (m if m < am else am) * 100 // am) // 2
                if w_fit != 1:
                    base *= w_fit
            else:
                base = w_fit * allocation_score(self.strategy, nz_cpu + nzc, ac, nz_mem + nzm, am)
            if req and w_ba:
                if ac and am:
                    fc = (r_cpu + rc) / ac
                    fm = (r_mem + rm) / am
                    if fc > 1.0:
                        fc = 1.0
                    if fm > 1.0:
                        fm = 1.0
                    base += w_ba * int((1 - abs((fc - fm) / 2)) * 100)
                else:
                    base += w_ba * balanced_score(r_cpu + rc, ac, r_mem + rm, am)
            base_l[n] = base
            if ok:
                if self_match:              # the node's new group: one class pod up
                    up = g.up
                    if up is None:
                        gk = (zone, h, s_tt[n], s_na[n])
                        up = groups.get(gk)
                        if up is None:
                            up = groups[gk] = _Group(*gk)
                            self.static_for = None
                        g.up = up
                    g = up
                bl, idx = g.b, g.idx          # _Group.insert, inline
                if not bl:
                    bl.append(base)
                    idx.append(n)
                    self.live_dirty = True
                elif base > bl[-1]:           # the group's new best: its slot's best moves
                    bl.append(base)
                    idx.append(n)
                    stale.add(g.slot)
                else:
                    lo = bisect_left(bl, base)
                    i = bisect_left(idx, n, lo, bisect_right(bl, base, lo))
                    bl.insert(i, base)
                    idx.insert(i, n)
            else:
                member[n] = 0
                self.feasible_count -= 1
                fz[zone] -= 1
            self.log_pos = len(log)
            if len(log) > trim_at:
                sched._trim_log()
        return None

    def catch_up(self, fast, log) -> None:
        """Apply the bind-log entries after ``self.log_pos``."""
        if len(log) - self.log_pos == 1:
            node, other, delta = log[-1]
            self.apply(fast, node, other, delta)
        else:
            apply = self.apply
            for node, other, delta in log[self.log_pos:]:
                apply(fast, node, other, delta)
        self.log_pos = len(log)

    # the decision -------------------------------------------------------------------------------------------
    def _refresh(self) -> None:
        """After the set of non-empty groups changed: drop empty groups, recompute the static offsets when the
        maxima they normalize by moved, and regroup by pair (every pair is then stale)."""
        groups = self.groups
        for key in [k for k, g in groups.items() if not g.idx]:
            del groups[key]
        for g in groups.values():
            g.up = None               # (may be a group just dropped)
        self.live_dirty = False
        max_tt = max((g.tt for g in groups.values()), default=0)
        max_na = max((g.na for g in groups.values()), default=0)
        if (max_tt, max_na) != self.static_for:
            self.static_for = (max_tt, max_na)
            w_tt, w_na = self.w_tt, self.w_na
            use_na = self.has_pref
            for g in groups.values():
                off = w_tt * 100 if max_tt == 0 else w_tt * (100 - 100 * g.tt // max_tt)
                if use_na:
                    # DefaultNormalizeScore leaves the raw scores when the maximum is 0 (negative weights)
                    off += w_na * (100 * g.na // max_na if max_na else g.na)
                g.static_off = off
        pairs = {}
        for g in groups.values():
            pairs.setdefault(g.pair, []).append(g)
        self.slot_pairs = list(pairs)
        self.slot_groups = slot_groups = list(pairs.values())
        zone_slots = {}
        for slot, (zone, _) in enumerate(self.slot_pairs):
            zone_slots.setdefault(zone, []).append(slot)
            for g in slot_groups[slot]:
                g.slot = slot
        self.zone_slots = zone_slots
        self.slot_best = [None] * len(slot_groups)
        self.slot_tied = [None] * len(slot_groups)
        self.stale.clear()
        self.stale.update(range(len(slot_groups)))    # in place: a running batch holds this set

    def _update_stale(self) -> None:
        """Recompute the best (base + static_off) and the groups reaching it of the stale slots."""
        slot_groups, slot_best, slot_tied = self.slot_groups, self.slot_best, self.slot_tied
        for slot in self.stale:
            gs = slot_groups[slot]
            if len(gs) == 1:      # (the tied lists are only read, so the slot's own list serves)
                g = gs[0]
                slot_best[slot] = g.static_off + g.b[-1]
                slot_tied[slot] = gs
                continue
            best = None
            for g in gs:
                v = g.static_off + g.b[-1]
                if best is None or v > best:
                    best, tied = v, [g]
                elif v == best:
                    tied.append(g)
            slot_best[slot] = best
            slot_tied[slot] = tied
        self.stale.clear()

    def select(self, fast, rng):
        """The chosen node index, or None when no node is feasible."""
        if not self.feasible_count:
            return None
        if self.live_dirty:
            self._refresh()
        if self.stale:
            self._update_stale()
        totals = self.slot_best
        if self.selector is not None and self.w_pts:
            fz = self.fz
            wh = math.log(self.feasible_count + 2)
            wz = math.log(len(fz) - fz.count(0) + 2)
            zterm = [c * wz + 4.0 if has else None for c, has in zip(self.cz, fast.zone_has_label)]
            rs = []
            for zone, count_h in self.slot_pairs:
                zt = zterm[zone]
                if zt is None:
                    rs.append(int(count_h * wh + 2.0 + 0.5))
                else:
                    rs.append(int(count_h * wh + 2.0 + zt + 0.5))
            lo, hi = min(rs), max(rs)
            if hi:
                c, w = hi + lo, self.w_pts
                totals = [v + w * (100 * (c - r) // hi) for r, v in zip(rs, totals)]
        best = max(totals)
        tied = [g for t, gs in zip(totals, self.slot_tied) if t == best for g in gs]
        count = 0
        for g in tied:
            count += len(g.b) - g.tied_from()
        k = rng.randrange(count) if count > 1 else 0
        return _kth(tied, k, count, len(fast.nodes))

    def select_window(self, fast, rng, start: int, to_find: int):
        """kube-scheduler's sampled search: from ``start``, the first ``to_find`` feasible nodes in cache order
        are scored (normalization over them only). Returns (node index or None, nodes examined)."""
        n = len(fast.nodes)
        feas = self.feas_np
        order = fast.order_from(start)
        fr = feas[order]
        cs = np.cumsum(fr)
        found = int(cs[-1]) if n else 0
        if found == 0:
            return None, n
        if found >= to_find:
            processed = int(np.searchsorted(cs, to_find)) + 1
        else:
            processed = n
        win = order[:processed][fr[:processed]]
        st = self.static
        totals = self.base_np[win].copy()
        tt = st.tt_np[win]
        max_tt = int(tt.max())
        if max_tt == 0:
            totals += self.w_tt * 100
        else:
            totals += self.w_tt * (100 - 100 * tt // max_tt)
        if self.has_pref:
            na = st.na_np[win]
            max_na = int(na.max())
            totals += self.w_na * (100 * na // max_na if max_na else na)
        if self.selector is not None and self.w_pts:
            zw = fast.zone_id[win]
            wh = math.log(len(win) + 2)
            wz = math.log(int(np.count_nonzero(np.bincount(zw, minlength=fast.n_zones))) + 2)
            cz = np.array(self.cz, dtype=np.int64)
            s = self.cnt_np[win] * wh + 2.0
            s = np.where(fast.zone_has_label_np[zw], s + (cz[zw] * wz + 4.0), s)
            raw = np.floor(s + 0.5).astype(np.int64)
            lo, hi = int(raw.min()), int(raw.max())
            totals += self.w_pts * (100 if hi == 0 else (100 * (hi + lo - raw) // hi))
        best = totals.max()
        ties = np.sort(win[totals == best])
        k = rng.randrange(len(ties)) if len(ties) > 1 else 0
        return int(ties[k]), processed


def _first(item):
    return item[0]


FLOAT_EXACT_BELOW = 2 ** 46   # allocatable values below this: x * 100 // alloc == int(x * 100 / alloc) (see _fit_np)


def _fit_np(strategy, cpu_req, cpu_alloc, mem_req, mem_alloc, nonzero: bool, small: bool = False):
    """NodeResourcesFit's score for every node (``allocation_score`` vectorized, weights 1/1).
    ``nonzero``: every node has cpu and memory allocatable (the common case, fewer steps). ``small``: also every
    allocatable value is below FLOAT_EXACT_BELOW, so each per-resource score ``x * 100 // alloc`` (0 <= x <=
    alloc) is computed as a float division, truncated: exact, because x * 100 < 2**53 is an exact float, the
    quotient q is at most 100, and a non-integer quotient is at least 1/alloc > 2**-46 away from the next
    integer while the division's rounding error is at most half an ulp below 128, 2**-47."""
    if nonzero and small:
        if strategy == LEAST_ALLOCATED:
            c = (cpu_alloc - cpu_req) * 100 / cpu_alloc
            m = (mem_alloc - mem_req) * 100 / mem_alloc
        else:
            c = np.minimum(cpu_req, cpu_alloc) * 100 / cpu_alloc
            m = np.minimum(mem_req, mem_alloc) * 100 / mem_alloc
        c = c.astype(np.int64)      # truncation; a request over allocatable gives a negative score: 0
        m = m.astype(np.int64)
        np.maximum(c, 0, out=c)
        np.maximum(m, 0, out=m)
        c += m
        c //= 2
        return c
    if nonzero:
        if strategy == LEAST_ALLOCATED:
            c = np.where(cpu_req > cpu_alloc, 0, (cpu_alloc - cpu_req) * 100 // cpu_alloc)
            m = np.where(mem_req > mem_alloc, 0, (mem_alloc - mem_req) * 100 // mem_alloc)
        else:
            c = np.minimum(cpu_req, cpu_alloc) * 100 // cpu_alloc
            m = np.minimum(mem_req, mem_alloc) * 100 // mem_alloc
        c += m
        c //= 2
        return c

    def one(req, alloc):
        safe = np.where(alloc == 0, 1, alloc)
        if strategy == LEAST_ALLOCATED:
            s = np.where(req > alloc, 0, (alloc - req) * 100 // safe)
        else:
            s = np.minimum(req, alloc) * 100 // safe
        return np.where(alloc == 0, 0, s)
    wc = (cpu_alloc != 0).astype(np.int64)
    wm = (mem_alloc != 0).astype(np.int64)
    total = one(cpu_req, cpu_alloc) * wc + one(mem_req, mem_alloc) * wm
    weights = wc + wm
    return np.where(weights == 0, 0, total // np.where(weights == 0, 1, weights))


def _fit_rows(least: bool, used2, request2, alloc2_f):
    """``_fit_np`` for nodes that all have cpu and memory allocatable below FLOAT_EXACT_BELOW, cpu and memory
    as the two rows of each array: ``used2`` the nodes' non-zero requests (int64), ``request2`` the pod's (a
    float64 column), ``alloc2_f`` allocatable (float64). The same division as ``_fit_np``'s, in float64 from
    the start (fewer passes; numpy's mixed int/float operations are slow): every value before the division is
    an integer below 2**53, so exact either way, except for a request far over allocatable, negative in both
    (scored 0)."""
    t = used2.astype(np.float64)
    if least:
        np.subtract(alloc2_f, t, out=t)
        t -= request2
        t *= 100.0
        t /= alloc2_f
        np.maximum(t, 0.0, out=t)   # a request over allocatable scores 0 (max then truncation: the same)
    else:
        t += request2
        np.minimum(t, alloc2_f, out=t)
        t *= 100.0
        t /= alloc2_f
    s = t.astype(np.int64)
    c = s[0]
    c += s[1]
    c >>= 1                         # (non-negative: // 2)
    return c


def _balanced_rows(requested2, request2, alloc2_f):
    """``_balanced_np`` for nodes with cpu and memory allocatable, rows as in ``_fit_rows``."""
    f = requested2.astype(np.float64)
    f += request2
    f /= alloc2_f
    np.minimum(f, 1.0, out=f)
    d = f[0] - f[1]
    d /= 2
    np.abs(d, out=d)
    np.subtract(1, d, out=d)
    d *= 100
    return d.astype(np.int64)


def _balanced_np(cpu_req, cpu_alloc, mem_req, mem_alloc, nonzero: bool):
    """NodeResourcesBalancedAllocation's score for every node (``balanced_score`` vectorized)."""
    if nonzero:
        fc = np.minimum(cpu_req / cpu_alloc, 1.0)
        fm = np.minimum(mem_req / mem_alloc, 1.0)
        fc -= fm
        fc /= 2
        return ((1 - np.abs(fc)) * 100).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        fc = np.minimum(cpu_req / cpu_alloc, 1.0)
        fm = np.minimum(mem_req / mem_alloc, 1.0)
    both = (cpu_alloc != 0) & (mem_alloc != 0)
    std = np.where(both, np.abs((fc - fm) / 2), 0.0)
    return ((1 - std) * 100).astype(np.int64)


class FastPath:
    """The scheduler's incremental engine. ``try_schedule`` returns a node name, or None to let the plain
    cycle run (same answer, or the FailedScheduling diagnosis)."""

    def __init__(self, scheduler):
        self.scheduler = scheduler
        self.gen = None
        self.classes: dict = {}
        self._last = None            # the class state of the previous cycle
        self.statics: dict = {}
        self._touched: dict = {}     # class key -> (affinity_version, touched_by_affinity)
        self._compiled = None        # the compiled module (explorer.sim.scheduler.compiled) once imported
        self._scratch = None         # its tables (bits, vbits, hist), see _scratch_for
        self.compiled_pods = 0       # pods the compiled loop placed and saw bound
        self._last_run = 240         # pods the last compiled run placed: the next one's first chunk

    # global state synced from the scheduler -------------------------------------------------------------------
    def _reset(self) -> None:
        sched = self.scheduler
        self.gen = sched.generation
        self.log_pos = 0
        self.nodes = nodes = sched.nodes()
        self.classes.clear()
        self._last = None
        self._config = None          # the config self._to_find was computed for (with len(self.nodes))
        self.statics.clear()
        zones, zone_list, has = {}, [], []
        self.eligible_nodes = True
        for node in nodes:
            if HOSTNAME not in node.labels or node.images or node.labels.get(ZONE) == "":
                self.eligible_nodes = False
            z = node.labels.get(ZONE, "")
            if z not in zones:
                zones[z] = len(zones)
                has.append(ZONE in node.labels)
            zone_list.append(zones[z])
        self.zone_list = zone_list
        self.zone_has_label = has
        self.zone_has_label_np = np.array(has, dtype=bool)
        self._orders = {}
        self._services_by_ns = None
        self.n_zones = max(len(zones), 1)
        self.zone_id = np.array(zone_list, dtype=np.int64)
        self.node_ints = np.array(range(len(nodes)), dtype=object)   # node index -> the same int objects
        get = lambda attr: np.array([getattr(n, attr) for n in nodes], dtype=np.int64)  # noqa: E731
        # what binds change: int64 arrays a batch writes per bind (``live``), read by numpy through views
        # (requests and non-zero requests: cpu for node i at [i], memory at [len(nodes) + i])
        self.live = {"req": array("q", [n.req_cpu for n in nodes] + [n.req_mem for n in nodes]),
                     "nz": array("q", [n.nz_cpu for n in nodes] + [n.nz_mem for n in nodes]),
                     "npods": array("q", [len(n.pods) for n in nodes])}
        req2, nz2 = (np.frombuffer(self.live[k], dtype=np.int64).reshape(2, len(nodes)) for k in ("req", "nz"))
        self.arr = {"acpu": get("alloc_cpu"), "amem": get("alloc_mem"), "apods": get("alloc_pods"),
                    "req2": req2, "rcpu": req2[0], "rmem": req2[1], "nz2": nz2, "nzcpu": nz2[0], "nzmem": nz2[1],
                    "npods": np.frombuffer(self.live["npods"], dtype=np.int64)}
        self.arr["alloc2_f"] = np.stack((self.arr["acpu"], self.arr["amem"])).astype(np.float64)
        self.alloc_nonzero = bool(np.all(self.arr["acpu"] != 0) and np.all(self.arr["amem"] != 0))
        self.alloc_small = bool(len(nodes) == 0 or (int(self.arr["acpu"].max()) < FLOAT_EXACT_BELOW
                                                    and int(self.arr["amem"].max()) < FLOAT_EXACT_BELOW))
        self.log_pos = len(sched.pod_log)

    def _sync(self) -> None:
        """Reset on a cache generation change; bring the numpy arrays up to date with the bind log."""
        sched = self.scheduler
        if self.gen != sched.generation:
            self._reset()
            return
        log = sched.pod_log
        if self.log_pos == len(log):
            return
        entries = log[self.log_pos:]
        self.log_pos = len(log)
        # the touched nodes' totals, read back from their NodeInfos (one pass over the entries)
        touched = {node.index: node for node, _, _ in entries}
        rows = np.array([(node.req_cpu, node.req_mem, node.nz_cpu, node.nz_mem, len(node.pods))
                         for node in touched.values()], dtype=np.int64)
        idx = np.fromiter(touched, dtype=np.int64, count=len(touched))
        a = self.arr
        a["rcpu"][idx] = rows[:, 0]
        a["rmem"][idx] = rows[:, 1]
        a["nzcpu"][idx] = rows[:, 2]
        a["nzmem"][idx] = rows[:, 3]
        a["npods"][idx] = rows[:, 4]

    def trim_log(self) -> None:
        """Cut the scheduler's bind log down to its last REBUILD_AFTER entries: the numpy arrays catch up
        first; a class state further behind would rebuild anyway, so it is dropped."""
        sched = self.scheduler
        log = sched.pod_log
        if self.gen != sched.generation:
            log.clear()               # the next cycle resets everything from the cache
            return
        self._sync()
        cut = len(log) - REBUILD_AFTER
        if cut <= 0:
            return
        del log[:cut]
        self.log_pos -= cut
        for key, cs in list(self.classes.items()):
            cs.log_pos -= cut
            if cs.log_pos < 0:
                del self.classes[key]
                if cs is self._last:
                    self._last = None

    def matching(self, namespace, selector):
        """[(pod key, NodeInfo)] of pods counted on a node in ``namespace`` matching ``selector`` (read from the
        label index and the runs queued for it, without making the index catch up)."""
        sched = self.scheduler
        labelled = sched.labelled
        best = best_size = None
        probes = [(namespace, k, v) for k, v in (selector.get("matchLabels") or {}).items()]
        probes += [(namespace, e["key"], e["values"][0]) for e in selector.get("matchExpressions") or ()
                   if e.get("operator") == "In" and len(e.get("values") or ()) == 1]
        for probe in probes or [(namespace,)]:
            found = labelled(probe)
            size = len(found[0]) + sum(len(run.pods) for run in found[1])
            if best is None or size < best_size:
                best, best_size = found, size
        pods, nodes = sched._pods, sched._nodes
        out = []
        indexed, runs = best
        for key in indexed:
            pi = pods[key]
            node = nodes.get(pi.node_name)
            if node is not None and matches_label_selector(selector, pi.labels):
                out.append((key, node))
        for run in runs:
            for pi in run.pods:
                key = pi.key
                if pods.get(key) is pi:
                    node = nodes.get(pi.node_name)
                    if node is not None and matches_label_selector(selector, pi.labels):
                        out.append((key, node))
        return out

    def services_in(self, pi) -> list:
        """The Services (in snapshot order) that may select ``pi``: those of its namespace whose selector's
        first label is one of the pod's labels. ``default_selector`` then checks each exactly."""
        index = self._services_by_ns
        if index is None:
            index = self._services_index()
        ns = pi.namespace
        found = []
        for k, v in pi.labels.items():
            hit = index.get((ns, k, v))
            if hit:
                found += hit
        if len(found) > 1:
            found.sort(key=_first)
        return [svc for _, svc in found]

    def _services_index(self) -> dict:
        """(namespace, label, value) of each Service's first selector label -> [(position, Service)] (made
        once per cache generation)."""
        index = self._services_by_ns = {}
        for pos, svc in enumerate(self.scheduler.snapshot.services.values()):
            sel = svc.selector
            if sel:
                k, v = next(iter(sel.items()))
                index.setdefault((svc.namespace, k, v), []).append((pos, svc))
        return index

    def prepare_steps(self, due):
        """What the first cycle after a cache generation change does before its pod's class is judged (the
        node arrays from the cache, the Services index), as a generator yielding (None) after each when
        ``due()`` says so; nothing (and no question) when they are current. Both depend on the cache alone,
        so making them ahead of the batch changes no decision."""
        if self.gen != self.scheduler.generation:
            self._reset()
            if due():
                yield None
        if self._services_by_ns is None:
            self._services_index()
            if due():
                yield None

    def order_from(self, start: int):
        """Node indexes in search order from ``start`` (cached per start)."""
        order = self._orders.get(start)
        if order is None:
            n = len(self.nodes)
            order = np.concatenate((np.arange(start, n), np.arange(0, start))).astype(np.int64)
            if len(self._orders) > 256:
                self._orders.clear()
            self._orders[start] = order
        return order

    def static_for(self, pi) -> _Static:
        key = static_key(pi)
        st = self.statics.get(key)
        if st is None:
            if len(self.statics) >= MAX_STATICS:
                self.statics.pop(next(iter(self.statics)))
            st = self.statics[key] = _Static(self.nodes, pi)
        return st

    # the entry point ------------------------------------------------------------------------------------------
    def eligible(self, pi) -> bool:
        sched = self.scheduler
        if sched.config.disabled or pi.node_name or pi.spread_constraints or pi.has_affinity or pi.host_ports:
            return False
        if sched.affinity_pods and self.touched_by_affinity(pi):
            return False
        if pi.required_node_terms and any(t.get("matchFields") for t in pi.required_node_terms):
            return False    # NodeAffinity's PreFilterResult narrows the search: the plain cycle does that
        return len(sched.nodes()) > 0

    def touched_by_affinity(self, pi) -> bool:
        """True when some counted pod's (anti-)affinity term selects ``pi``: then InterPodAffinity filters or
        scores it. Otherwise InterPodAffinity is a no-op for ``pi`` (PreScore skips, every Filter passes)."""
        sched = self.scheduler
        key = class_key(pi)
        cached = self._touched.get(key)
        if cached is not None and cached[0] == sched.affinity_version:
            return cached[1]
        ns_labels = sched.snapshot.ns_labels
        touched = any(t.matches(pi, ns_labels)
                      for e in sched.affinity_pods.values()
                      for t in e.required_anti_affinity + e.required_affinity + e.preferred_affinity
                      + e.preferred_anti_affinity)
        if len(self._touched) > 4096:
            self._touched.clear()
        self._touched[key] = (sched.affinity_version, touched)
        return touched

    def try_schedule(self, pi, dry_run: bool = False):
        """The chosen node's name for ``pi``, or None to let the plain cycle run."""
        cs = self.prepare(pi)
        if cs is None:
            return None
        return self.decide(cs, dry_run)

    def prepare(self, pi):
        """The class state for ``pi``, current with the bind log, or None when the fast path declines."""
        sched = self.scheduler
        if not self._takes(pi):
            return None
        key = class_key(pi)
        log = sched.pod_log
        cs = self._last
        if cs is None or cs.key != key:
            cs = self.classes.pop(key, None)
            if cs is not None:
                self.classes[key] = cs    # most recently used last
        if cs is None or cs.gen != sched.generation or len(log) - cs.log_pos > REBUILD_AFTER:
            cs = _ClassState(self, pi)
            cs.key = key
            self.classes.pop(key, None)
            self.classes[key] = cs
            if len(self.classes) > MAX_CLASSES:
                self.classes.pop(next(iter(self.classes)))
        elif cs.log_pos != len(log):
            cs.catch_up(self, log)
        self._last = cs
        return cs

    def decide(self, cs, dry_run: bool = False):
        """The node name ``cs``'s class goes to now (None: nothing feasible); advances the random generator
        and, in a sampled search, the rotating start index, unless ``dry_run``."""
        sched = self.scheduler
        rng = sched.rng
        if dry_run:
            import random
            rng = random.Random()
            rng.setstate(sched.rng.getstate())
        n = len(self.nodes)
        to_find = self._to_find
        if to_find >= n:
            i = cs.select(self, rng)
            return None if i is None else self.nodes[i].name
        start = sched._next_start % n
        i, processed = cs.select_window(self, rng, start, to_find)
        if i is None:
            return None
        if not dry_run:
            sched._next_start = (start + processed) % n
        return self.nodes[i].name

    # the compiled loop -----------------------------------------------------------------------------------------
    def compiled_eligible(self, pi, pod) -> bool:
        """Whether ``pi``'s class can be placed by the compiled loop (``compiled.place_run``): the fast path
        takes it (``prepare``'s conditions), every feasible node is scored, every node has cpu and memory
        allocatable, and the generator draws as CPython's ``Random`` does. Brings the node arrays and the
        config up to date, as ``prepare`` would."""
        sched = self.scheduler
        comp = self._compiled
        if comp is None:
            from explorer.sim.scheduler import compiled as comp
            self._compiled = comp
        if not (comp.ready() or (comp.load_on_first_use and comp.load())):
            return False
        if not isinstance(pod.raw.get("spec"), dict) or \
                getattr(type(sched.rng), "_randbelow", None) is not _RANDBELOW_GETRANDBITS:
            return False
        return self._takes(pi) and self.alloc_nonzero and self._to_find >= len(self.nodes)

    def _takes(self, pi) -> bool:
        """Whether the fast path can be exact for ``pi`` on this cache (see the module docstring); brings the
        node arrays and the config (``_to_find``) up to date first."""
        sched = self.scheduler
        if pi.node_name or pi.spread_constraints or pi.has_affinity or pi.host_ports or sched.config.disabled:
            return False
        if sched.affinity_pods and self.touched_by_affinity(pi):
            return False
        if pi.required_node_terms and any(t.get("matchFields") for t in pi.required_node_terms):
            return False   # NodeAffinity's PreFilterResult narrows the search: the plain cycle does that
        if self.gen != sched.generation:
            self._reset()
        n = len(self.nodes)
        if not n or not self.eligible_nodes:
            return False
        if sched.config is not self._config:
            self._config = sched.config
            self._to_find = sched.config.nodes_to_find(n)
            self.classes.clear()
            self._last = None
        return True

    def _scratch_for(self, rows: int, span: int) -> tuple:
        """The compiled loop's zeroed tables (kept between calls: it leaves them zeroed), at least ``rows`` slot
        rows and ``span`` static totals for the current nodes."""
        words = (len(self.nodes) + 63) >> 6
        sc = self._scratch
        if sc is None or sc[0].shape[0] < rows or sc[0].shape[1] != words or sc[1].shape[0] < span:
            rows = max(rows, 0 if sc is None else sc[0].shape[0])
            span = max(span, 0 if sc is None else sc[1].shape[0])
            sc = self._scratch = (np.zeros((rows, words), dtype=np.uint64), np.zeros((span, words), dtype=np.uint64),
                                  np.zeros((rows, span), dtype=np.int32))
        return sc

    def run_compiled(self, pi, pod, it, bind, out):
        """Place ``pod`` (its PodInfo ``pi``, ``compiled_eligible``) and the following pods of ``it`` while
        they are pods of its class (as ``_ClassState.run`` takes them), with the compiled loop. It places a
        chunk of pods ahead (about as many as the previous run placed, then twice as many, up to 1,024); each
        pod is read from ``it`` only after the previous one is bound; placements not used are taken back, and
        the generator is left as if only the used pods had drawn. After each bind the cache must hold exactly
        that pod on that node (bound inline, or reported through ``add_pod`` during the bind); otherwise the
        placement is taken back from the node arrays and the general path goes on from the next pod.

        Returns (next, went): ``went`` False means nothing was placed and ``pod`` is returned untouched for
        the general path (with ``pi``); True, that ``next`` is the next pod to schedule afresh (None when
        ``it`` is done)."""
        comp = self._compiled
        sched = self.scheduler
        log = sched.pod_log
        rng = sched.rng
        gen, aff, config = sched.generation, sched.affinity_version, sched.config
        st = self.static_for(pi)
        selector = default_selector(pi, sched.snapshot, self.services_in(pi))
        n = len(self.nodes)
        cnt = np.zeros(n, dtype=np.int64)
        matched = self.matching(pi.namespace, selector) if selector is not None else ()
        for _, node in matched:
            cnt[node.index] += 1
        if matched:
            incl = st.incl_np
            cz = np.bincount(self.zone_id[incl], cnt[incl], minlength=self.n_zones).astype(np.int64)
        else:
            cz = np.zeros(self.n_zones, dtype=np.int64)
        w = config.weights
        weights = np.array([w.get("NodeResourcesFit", 0), w.get("NodeResourcesBalancedAllocation", 0),
                            w.get("TaintToleration", 0), w.get("NodeAffinity", 0), w.get("PodTopologySpread", 0)],
                           dtype=np.int64)
        if weights.min() < 0 or int(weights[:4].sum()) > MAX_WEIGHT_SUM or (pi.preferred_node_terms and
                                                                          int(st.na_np.min()) < 0):
            return pod, False          # the kernel counts static totals in 0 .. 100 x the weights' sum
        span = 100 * int(weights[:4].sum()) + 1
        rc, rm, nzc, nzm = pi.req_cpu, pi.req_mem, pi.nz_cpu, pi.nz_mem
        pod_req = np.array([rc, rm, nzc, nzm], dtype=np.int64)
        raw0 = pod.raw
        meta0 = raw0.get("metadata") or {}
        spec0 = raw0.get("spec")
        ns0, labels0, refs0 = meta0.get("namespace"), meta0.get("labels"), meta0.get("ownerReferences")
        self_match = selector is not None and matches_label_selector(selector, labels0 or {})
        flags = np.array([self_match, selector is not None and bool(weights[4]), bool(rc or rm),
                          config.scoring_strategy == LEAST_ALLOCATED, bool(pi.preferred_node_terms)],
                         dtype=np.int64)
        spec_items = list(spec0.items())
        spec_len = len(spec0) + 1
        owner0, key0 = pi.owner, class_key(pi)
        spec_values, sibling = pi.spec_values(), PodInfo.sibling
        pods_map, pending, nodes = sched._pods, sched._index_pending, self.nodes
        a = self.arr
        req2, nz2, npods = a["req2"], a["nz2"], a["npods"]
        zone, incl = self.zone_id, st.incl_np
        from explorer.sim.scheduler.scheduler import POD_LOG_TRIM_AT as trim_at
        queue_index = sched.queue_index
        queued = queue = None
        ns, labels = pi.namespace, pi.labels
        chunk = min(max(self._last_run + 16, 32), 1024)   # about as many as the previous run placed
        placed_here = 0
        first = True
        while True:
            # a chunk of placements ahead, from the arrays as the cache has them
            self._sync()
            saved = rng.getstate()
            n_words = WORDS_PER_POD * chunk + EXTRA_WORDS
            words = np.frombuffer(rng.getrandbits(32 * n_words).to_bytes(4 * n_words, "little"), dtype="<u4")
            out_node = np.empty(chunk, dtype=np.int64)
            out_used = np.empty(chunk, dtype=np.int64)
            bits, vbits, hist = self._scratch_for(chunk + 1 + self.n_zones * (int(cnt.max()) + 1), span)
            done, why = comp.place_run(zone, st.tt_np, st.na_np, st.ok_np, incl, a["acpu"], a["amem"],
                                       a["apods"], req2, nz2, npods, cnt, cz, self.zone_has_label_np, pod_req,
                                       weights, flags, words, out_node, out_used, bits, vbits, hist)
            rng.setstate(saved)
            if done == 0:
                return pod, not first
            rng.getrandbits(32 * int(out_used[done - 1])) if out_used[done - 1] else None
            nodes_ = out_node.tolist()
            j = 0
            while True:
                node = nodes_[j]
                info = nodes[node]
                name = info.name
                out.append(name)
                sched._recent = pi
                b = bind(pod, name)
                expected = len(log)
                consistent = False
                if b is not None:
                    braw = b.raw
                    bspec = braw.get("spec")
                    key = pi.key
                    plain = (braw.get("metadata") is pod.raw.get("metadata") and bspec.get("nodeName") == name
                             and len(bspec) == spec_len and self.log_pos == expected
                             and sched.generation == gen)
                    if plain:
                        for k, v in spec_items:
                            if bspec.get(k) is not v:
                                plain = False
                                break
                    if plain and pods_map.setdefault(key, pi) is pi:
                        # Scheduler.add_pod, inline as in _ClassState.run (the node arrays already hold the bind;
                        # a call per pod would cost a few per cent of the batch)
                        pi.pod = b
                        pi.node_name = name
                        if not pending or pending[-1] is not queued:
                            queued = queue_index(ns, labels)
                            queue = queued.pods.append
                        queue(pi)
                        info.pods[key] = pi
                        info.req_cpu += rc
                        info.req_mem += rm
                        info.nz_cpu += nzc
                        info.nz_mem += nzm
                        log.append((info, pi, 1))
                        self.log_pos = len(log)
                        consistent = True
                    else:
                        sched._recent = pi
                        sched.add_pod(b)
                if not consistent:
                    # reported through add_pod (during the bind, or just above): the run goes on only if the
                    # cache now holds exactly this pod on this node and nothing else changed
                    consistent = (len(log) == self.log_pos + 1 and log[-1][0] is info and log[-1][1] is pi
                                  and log[-1][2] == 1 and sched.generation == gen
                                  and info.req_cpu == req2[0, node] and info.nz_cpu == nz2[0, node]
                                  and info.req_mem == req2[1, node] and info.nz_mem == nz2[1, node]
                                  and len(info.pods) == npods[node])
                    if consistent:
                        self.log_pos = len(log)
                if consistent and (sched.affinity_version != aff or sched.config is not config):
                    consistent = False
                if not consistent:
                    # the cache moved some other way: take back this placement and the ones after it (the node
                    # arrays catch up from the bind log) and let the general path go on
                    comp.unplace(out_node[j:done], zone, incl, cnt, cz, req2, nz2, npods, pod_req, self_match)
                    rng.setstate(saved)
                    if out_used[j]:
                        rng.getrandbits(32 * int(out_used[j]))
                    return next(it, None), True
                if len(log) > trim_at:
                    sched._trim_log()
                first = False
                j += 1
                placed_here += 1
                self.compiled_pods += 1
                # the next pod, read only now that this one is bound
                pod = next(it, None)
                if pod is not None:
                    raw = pod.raw
                    meta = raw.get("metadata") or _NO_META
                    refs = meta.get("ownerReferences")
                    if (raw.get("spec") is not spec0 or meta.get("namespace") != ns0 or meta.get("labels") != labels0
                            or (refs is not refs0 and refs != refs0)):
                        nxt = pod
                    else:
                        pi = sibling(spec_values, ns, pod, meta, owner0, key0)
                        if j < done:
                            continue
                        break              # a new chunk for it
                else:
                    nxt = None
                # the run is over: placements made ahead and not used are taken back
                if j < done:
                    comp.unplace(out_node[j:done], zone, incl, cnt, cz, req2, nz2, npods, pod_req, self_match)
                    rng.setstate(saved)
                    rng.getrandbits(32 * int(out_used[j - 1])) if out_used[j - 1] else None
                self._last_run = placed_here
                return nxt, True
            if why == comp.NO_FEASIBLE:
                return pod, True         # (pi is pod's: the general path makes its own)
            chunk = min(2 * chunk, 1024)

    def schedule_batch(self, pods, bind, failed, out: list) -> None:
        """``Scheduler.schedule_batch``'s loop. After a pod placed by the fast path with every feasible node
        scored, its class state takes the following pods of the same template in one tight loop
        (``_ClassState.run``); other pods go through ``prepare``/``decide`` (or the plain cycle) one by one,
        consecutive pods of one class still skipping the class lookup. Any change to the cache besides the
        batch's own binds is caught up from the bind log, exactly as ``prepare`` would."""
        sched = self.scheduler
        log = sched.pod_log
        prev = cs = aff_version = None
        it = iter(pods)
        pod = next(it, None)
        while pod is not None:
            pi = PodInfo(pod)
            if self.compiled_eligible(pi, pod):
                nxt, went = self.run_compiled(pi, pod, it, bind, out)
                if went:
                    prev = cs = None
                    pod = nxt
                    continue
                # no feasible node: the general path below diagnoses the pod
            if (cs is not None and pi.spec_sig is prev.spec_sig and pi.namespace == prev.namespace
                    and pi.labels == prev.labels and pi.owner == prev.owner and cs.gen == sched.generation
                    and self.gen == sched.generation and sched.config is self._config
                    and sched.affinity_version == aff_version and 0 <= cs.log_pos
                    and len(log) - cs.log_pos <= REBUILD_AFTER and self.classes.get(cs.key) is cs):
                pi._class_key = prev._class_key
                if cs.log_pos != len(log):
                    cs.catch_up(self, log)
                self._last = cs
            else:
                cs = self.prepare(pi)
                aff_version = sched.affinity_version
            name = self.decide(cs) if cs is not None else None
            if name is None:
                cs = None
                result = sched.schedule_generic(pi)
                name = result.selected
                if name is None:
                    out.append(result)
                    if failed is not None:
                        failed(pod, result)
                    pod = next(it, None)
                    continue
            else:
                prev = pi
            out.append(name)
            sched._recent = pi
            bound = bind(pod, name)
            if bound is not None:
                sched._recent = pi
                sched.add_pod(bound)
            # the run needs what this pod's class was judged with: same cache generation, config and set of
            # pods with affinity terms (a bind may have changed them)
            if cs is not None and self._to_find >= len(self.nodes) and isinstance(pod.raw.get("spec"), dict) \
                    and self.gen == sched.generation and sched.config is self._config \
                    and sched.affinity_version == aff_version:
                pod = cs.run(self, it, pi, pod, bind, out)
            else:
                pod = next(it, None)
