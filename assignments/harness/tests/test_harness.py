"""Tests of dmlg_harness, each running the harness as a subprocess on a small submission.

Run with: /usr/bin/python3 -m unittest discover -s assignments/harness/tests
(the interpreter needs numpy).
"""

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

import numpy as np

HARNESS_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

GOOD_MODULE = """\
import numpy as np


class KMeans:
    def __init__(self, n_clusters, seed):
        self.n_clusters = n_clusters
        self.seed = seed

    def fit(self, X):
        self.labels_ = np.arange(X.shape[0]) % self.n_clusters
        self.cluster_centers_ = np.zeros((self.n_clusters, X.shape[1]))
        self.inertia_ = 1.5
        return self
"""

KMEANS_OUTPUTS = {
    "labels_": {"optional": False},
    "cluster_centers_": {"optional": True},
    "inertia_": {"optional": True},
}


def kmeans_task(task_id="kmeans-toy", outputs=None):
    return {
        "id": task_id,
        "class": "KMeans",
        "init": {"n_clusters": 3, "seed": 0},
        "method": "fit",
        "args": ["toy.X.npy"],
        "outputs": outputs if outputs is not None else KMEANS_OUTPUTS,
    }


class HarnessRun:
    """Folders of one harness run and its outcome."""

    def __init__(self, root, completed):
        self.root = root
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        result_path = os.path.join(root, "out", "result.json")
        self.result = None
        if os.path.exists(result_path):
            with open(result_path, encoding="utf-8") as handle:
                self.result = json.load(handle)

    def task(self, index=0):
        return self.result["tasks"][index]

    def output(self, file_name):
        return np.load(os.path.join(self.root, "out", file_name), allow_pickle=False)


class HarnessTestCase(unittest.TestCase):
    def setUp(self):
        self._temporary = tempfile.TemporaryDirectory(prefix="dmlg-harness-test-")
        self.root = self._temporary.name
        for folder in ("submission", "inputs", "out", "work"):
            os.makedirs(os.path.join(self.root, folder))
        rng = np.random.default_rng(0)
        np.save(os.path.join(self.root, "inputs", "toy.X.npy"), rng.standard_normal((12, 2)))

    def tearDown(self):
        self._temporary.cleanup()

    def run_harness(self, source, tasks=None, timeout=30, file_name="kmeans.py", task_file=None):
        if source is not None:
            with open(os.path.join(self.root, "submission", file_name), "w", encoding="utf-8") as handle:
                handle.write(textwrap.dedent(source))
        if task_file is None:
            task_file = {
                "protocol": 1,
                "module": "kmeans",
                "tasks": tasks if tasks is not None else [kmeans_task()],
            }
        tasks_path = os.path.join(self.root, "inputs", "tasks.json")
        with open(tasks_path, "w", encoding="utf-8") as handle:
            json.dump(task_file, handle)
        environment = dict(os.environ, PYTHONPATH=HARNESS_ROOT)
        environment.pop("PYTHONBREAKPOINT", None)
        completed = subprocess.run(
            [
                sys.executable, "-m", "dmlg_harness",
                "--tasks", tasks_path,
                "--inputs", os.path.join(self.root, "inputs"),
                "--submission", os.path.join(self.root, "submission"),
                "--out", os.path.join(self.root, "out"),
                "--workdir", os.path.join(self.root, "work"),
            ],
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        return HarnessRun(self.root, completed)

    def assert_finished(self, run):
        self.assertEqual(run.returncode, 0, f"harness exited {run.returncode}; stderr:\n{run.stderr}")
        self.assertIsNotNone(run.result, "result.json was not written")
        self.assertTrue(run.result["finished"])
        self.assertNotIn("running", run.result)


class GoodModuleTest(HarnessTestCase):
    def test_good_module_outputs(self):
        run = self.run_harness(GOOD_MODULE)
        self.assert_finished(run)
        self.assertEqual(run.result["protocol"], 1)
        self.assertEqual(run.result["numpy"], np.__version__)
        self.assertTrue(run.result["import"]["ok"])
        task = run.task()
        self.assertTrue(task["ok"], task.get("error"))
        self.assertEqual(
            task["outputs"],
            {
                "labels_": "kmeans-toy.labels_.npy",
                "cluster_centers_": "kmeans-toy.cluster_centers_.npy",
                "inertia_": "kmeans-toy.inertia_.npy",
            },
        )
        np.testing.assert_array_equal(run.output("kmeans-toy.labels_.npy"), np.arange(12) % 3)
        self.assertEqual(run.output("kmeans-toy.cluster_centers_.npy").shape, (3, 2))
        inertia = run.output("kmeans-toy.inertia_.npy")
        self.assertEqual(inertia.shape, ())
        self.assertEqual(float(inertia), 1.5)
        self.assertGreaterEqual(task["seconds"], 0.0)

    def test_optional_attribute_may_be_absent(self):
        source = GOOD_MODULE.replace("        self.inertia_ = 1.5\n", "")
        run = self.run_harness(source)
        self.assert_finished(run)
        self.assertTrue(run.task()["ok"])
        self.assertNotIn("inertia_", run.task()["outputs"])

    def test_print_goes_to_stderr(self):
        source = 'print("IMPORT-NOISE")\n' + GOOD_MODULE.replace(
            "        return self\n", '        print("FIT-NOISE", flush=True)\n        return self\n'
        )
        run = self.run_harness(source)
        self.assert_finished(run)
        self.assertTrue(run.task()["ok"])
        self.assertEqual(run.stdout, "")
        self.assertIn("IMPORT-NOISE", run.stderr)
        self.assertIn("FIT-NOISE", run.stderr)
        with open(os.path.join(self.root, "out", "result.json"), encoding="utf-8") as handle:
            self.assertNotIn("NOISE", handle.read())

    def test_working_directory_is_workdir(self):
        source = GOOD_MODULE.replace(
            "        return self\n",
            "        import os\n        self.inertia_ = float(len(os.getcwd()))\n        return self\n",
        )
        run = self.run_harness(source)
        self.assert_finished(run)
        expected = len(os.path.realpath(os.path.join(self.root, "work")))
        self.assertEqual(float(run.output("kmeans-toy.inertia_.npy")), expected)


class ImportErrorTest(HarnessTestCase):
    def test_syntax_error_reports_line(self):
        source = "import numpy as np\n\n\nclass KMeans:\n    def fit(self, X)\n        pass\n"
        run = self.run_harness(source)
        self.assert_finished(run)
        self.assertFalse(run.result["import"]["ok"])
        error = run.result["import"]["error"]
        self.assertEqual(error["kind"], "student")
        self.assertEqual(error["type"], "SyntaxError")
        self.assertEqual(error["file"], "kmeans.py")
        self.assertEqual(error["line"], 5)
        self.assertIn("def fit(self, X)", error["traceback"])
        self.assertNotIn("dmlg_harness", error["traceback"])
        self.assertNotIn("importlib", error["traceback"])
        self.assertEqual(run.result["tasks"], [])

    def test_indentation_error_reports_line(self):
        run = self.run_harness("class KMeans:\n    x = 1\n      y = 2\n")
        self.assert_finished(run)
        error = run.result["import"]["error"]
        self.assertEqual(error["type"], "IndentationError")
        self.assertEqual(error["line"], 3)

    def test_missing_package_reports_student_line(self):
        run = self.run_harness("import numpy\nimport sklearn_not_installed_here\n")
        self.assert_finished(run)
        error = run.result["import"]["error"]
        self.assertEqual(error["kind"], "student")
        self.assertEqual(error["type"], "ModuleNotFoundError")
        self.assertEqual((error["file"], error["line"]), ("kmeans.py", 2))
        self.assertIn("grading sandbox", error["message"])

    def test_missing_module_file(self):
        run = self.run_harness("x = 1\n", file_name="k_means.py")
        self.assert_finished(run)
        error = run.result["import"]["error"]
        self.assertEqual(error["kind"], "student")
        self.assertIn("no kmeans.py", error["message"])
        self.assertIn("k_means.py", error["message"])

    def test_sys_exit_at_import(self):
        run = self.run_harness("import sys\nsys.exit(3)\n")
        self.assert_finished(run)
        error = run.result["import"]["error"]
        self.assertEqual(error["type"], "SystemExit")
        self.assertEqual(error["line"], 2)


class TaskErrorTest(HarnessTestCase):
    def test_missing_class(self):
        run = self.run_harness("class XMeans:\n    pass\n")
        self.assert_finished(run)
        error = run.task()["error"]
        self.assertEqual(error["kind"], "student")
        self.assertEqual(error["type"], "MissingName")
        self.assertEqual(
            error["message"],
            "kmeans.py defines no class KMeans; the assignment asks for KMeans(n_clusters, seed)",
        )

    def test_exception_in_fit_reports_innermost_line(self):
        source = (
            "import numpy as np\n"
            "\n"
            "\n"
            "def _helper(X):\n"
            "    raise ValueError('centres diverged')\n"  # line 5
            "\n"
            "\n"
            "class KMeans:\n"
            "    def __init__(self, n_clusters, seed):\n"
            "        pass\n"
            "\n"
            "    def fit(self, X):\n"
            "        _helper(X)\n"  # line 13
        )
        run = self.run_harness(source)
        self.assert_finished(run)
        task = run.task()
        self.assertFalse(task["ok"])
        error = task["error"]
        self.assertEqual(error["kind"], "student")
        self.assertEqual(error["type"], "ValueError")
        self.assertEqual(error["message"], "centres diverged")
        self.assertEqual((error["file"], error["line"]), ("kmeans.py", 5))
        self.assertIn('File "kmeans.py", line 13, in fit', error["traceback"])
        self.assertNotIn("dmlg_harness", error["traceback"])

    def test_next_task_runs_after_failure(self):
        source = GOOD_MODULE + "\n\nclass XMeans:\n    def __init__(self, k_max, seed):\n        pass\n"
        failing = {
            "id": "xmeans-toy",
            "class": "XMeans",
            "init": {"k_max": 4, "seed": 0},
            "method": "fit",
            "args": ["toy.X.npy"],
            "outputs": {"labels_": {"optional": False}},
        }
        run = self.run_harness(source, tasks=[failing, kmeans_task()])
        self.assert_finished(run)
        self.assertEqual(run.task(0)["error"]["type"], "MissingName")
        self.assertIn("XMeans.fit(X)", run.task(0)["error"]["message"])
        self.assertTrue(run.task(1)["ok"])

    def test_missing_attribute(self):
        source = GOOD_MODULE.replace("        self.labels_ = np.arange(X.shape[0]) % self.n_clusters\n", "")
        run = self.run_harness(source)
        self.assert_finished(run)
        error = run.task()["error"]
        self.assertEqual(error["kind"], "student")
        self.assertEqual(error["type"], "MissingAttribute")
        self.assertIn("labels_", error["message"])

    def test_object_dtype_output(self):
        source = GOOD_MODULE.replace("self.inertia_ = 1.5", "self.inertia_ = {'value': 1.5}")
        run = self.run_harness(source)
        self.assert_finished(run)
        error = run.task()["error"]
        self.assertEqual(error["kind"], "student")
        self.assertEqual(error["type"], "InvalidOutput")
        self.assertIn("KMeans.inertia_", error["message"])
        self.assertIn("object", error["message"])
        self.assertFalse(os.path.exists(os.path.join(self.root, "out", "kmeans-toy.inertia_.npy")))

    def test_ragged_output(self):
        source = GOOD_MODULE.replace("self.inertia_ = 1.5", "self.inertia_ = [[1.0], [2.0, 3.0]]")
        run = self.run_harness(source)
        self.assert_finished(run)
        error = run.task()["error"]
        self.assertEqual(error["type"], "InvalidOutput")
        self.assertIn("inertia_", error["message"])

    def test_init_signature_mismatch(self):
        source = GOOD_MODULE.replace("def __init__(self, n_clusters, seed)", "def __init__(self, k)")
        run = self.run_harness(source)
        self.assert_finished(run)
        error = run.task()["error"]
        self.assertEqual(error["kind"], "student")
        self.assertEqual(error["type"], "TypeError")
        self.assertIn("KMeans(n_clusters, seed)", error["message"])

    def test_fit_signature_mismatch(self):
        source = GOOD_MODULE.replace("def fit(self, X)", "def fit(self, X, y)")
        run = self.run_harness(source)
        self.assert_finished(run)
        error = run.task()["error"]
        self.assertEqual(error["type"], "TypeError")
        self.assertIn("KMeans.fit(X)", error["message"])

    def test_sys_exit_in_fit(self):
        source = GOOD_MODULE.replace("        return self\n", "        raise SystemExit(1)\n")
        run = self.run_harness(source)
        self.assert_finished(run)
        error = run.task()["error"]
        self.assertEqual(error["kind"], "student")
        self.assertEqual(error["type"], "SystemExit")
        self.assertEqual(error["line"], 13)

    def test_keyboard_interrupt_in_fit(self):
        source = GOOD_MODULE.replace("        return self\n", "        raise KeyboardInterrupt\n")
        run = self.run_harness(source)
        self.assert_finished(run)
        self.assertEqual(run.task()["error"]["type"], "KeyboardInterrupt")

    def test_breakpoint_raises(self):
        source = GOOD_MODULE.replace("        return self\n", "        breakpoint()\n        return self\n")
        run = self.run_harness(source, timeout=20)
        self.assert_finished(run)
        error = run.task()["error"]
        self.assertEqual(error["type"], "RuntimeError")
        self.assertIn("breakpoint()", error["message"])

    def test_input_gets_end_of_file(self):
        source = GOOD_MODULE.replace("        return self\n", "        input('k? ')\n        return self\n")
        run = self.run_harness(source, timeout=20)
        self.assert_finished(run)
        self.assertEqual(run.task()["error"]["type"], "EOFError")

    def test_missing_input_is_harness_fault(self):
        task = kmeans_task()
        task["args"] = ["absent.X.npy"]
        run = self.run_harness(GOOD_MODULE, tasks=[task])
        self.assert_finished(run)
        self.assertEqual(run.task()["error"]["kind"], "harness")


class RunStateTest(HarnessTestCase):
    def test_running_names_task_in_progress(self):
        source = GOOD_MODULE.replace("        return self\n", "        while True:\n            pass\n")
        with self.assertRaises(subprocess.TimeoutExpired):
            self.run_harness(source, timeout=3)
        with open(os.path.join(self.root, "out", "result.json"), encoding="utf-8") as handle:
            result = json.load(handle)
        self.assertFalse(result["finished"])
        self.assertEqual(result["running"], "kmeans-toy")
        self.assertTrue(result["import"]["ok"])

    def test_invalid_task_file_exits_nonzero(self):
        run = self.run_harness(GOOD_MODULE, task_file={"protocol": 2, "module": "kmeans", "tasks": []})
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("protocol", run.stderr)


if __name__ == "__main__":
    unittest.main()
