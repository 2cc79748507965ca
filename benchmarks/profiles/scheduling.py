"""cProfile of the scheduler fast path: 30,000 pods of the full workload onto 5,000 nodes (all scored), scheduled
and bound through ``Scheduler.schedule_batch`` as the benchmark does.

    python -m benchmarks.profiles.scheduling
"""
import cProfile, pstats, sys, gc, time
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2]))
from benchmarks import scheduling
from explorer.sim.scheduler import Scheduler, SchedulerConfig
w = scheduling._load("workload")
nodes = w.make_nodes(5000, seed=1)
services, rss, pods = w.make_workload(1000, 150_000, seed=1)
pods = pods[:30000]
s = Scheduler(SchedulerConfig(percentage_of_nodes_to_score=100), seed=0)
for n in nodes: s.add_node(n)
for o in list(services) + list(rss): s.add_object(o)
gc.collect(); gc.freeze()
pr = cProfile.Profile()
c = time.process_time()
pr.enable()
s.schedule_batch(pods, w.bound)
pr.disable()
print("cpu", time.process_time() - c, "pods", len(pods))
st = pstats.Stats(pr); st.sort_stats("tottime").print_stats(18)
st.sort_stats("cumtime").print_stats(25)
