"""cProfile of Simulator.seek: NODES-node generated topology, 1,000 ticks with a node failure every 100, 3 seeks.

    python -m benchmarks.profiles.seek NODES
"""
import cProfile, pstats, sys, gc, time
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2]))
from benchmarks.generate import generate
from explorer.sim import Simulator
n = int(sys.argv[1])
sim = Simulator(generate(n, 0), seed=0); sim.settle(120)
gc.collect(); gc.freeze()
t0 = sim.now
c = time.process_time()
for k in range(1000):
    if k % 100 == 0: sim.stop_node(f"worker-{(k // 100 * 97 + 13) % (n - 3)}")
    sim.step(1)
print("ticks cpu", time.process_time() - c)
pr = cProfile.Profile()
c = time.process_time()
pr.enable()
for frac in (0.37, 0.81, 0.12):
    sim.seek(t0 + int(1000 * frac))
pr.disable()
print("3 seeks cpu", time.process_time() - c)
st = pstats.Stats(pr); st.sort_stats("tottime").print_stats(15)
st.sort_stats("cumtime").print_stats(22)
