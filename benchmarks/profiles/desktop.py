"""cProfile of opening a topology FILE in the main window (offscreen) to a first frame, then 5 full repaints.

    python -m benchmarks.profiles.desktop FILE
"""
import cProfile, pstats, sys, os, time, tempfile
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2]))
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from explorer.ui.mainwindow import MainWindow
path = sys.argv[1]
settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.IniFormat)
pr = cProfile.Profile()
c = time.process_time()
pr.enable()
w = MainWindow(settings=settings); w.autosave_timer.stop(); w.resize(1600, 1000); w.show()
w.open_path(path, ask=False, background=False); app.processEvents(); w.view.fit(); w.view.viewport().grab()
pr.disable()
print("open cpu", time.process_time() - c)
st = pstats.Stats(pr); st.sort_stats("tottime").print_stats(15); st.sort_stats("cumtime").print_stats(30)
pr = cProfile.Profile(); c = time.process_time(); pr.enable()
for i in range(5): w.view.viewport().grab()
pr.disable(); print("5 full paints cpu", time.process_time() - c)
st = pstats.Stats(pr); st.sort_stats("tottime").print_stats(12)
