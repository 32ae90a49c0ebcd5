# nbconvert configuration shared by the run command (kernel-config/cmd/export)
# and the notebook tests. Load with: jupyter nbconvert --config kernel-config/nbconvert_config.py
c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)

# Execution with the GoNB kernel.
c.ExecutePreprocessor.kernel_name = "gonb"
c.ExecutePreprocessor.timeout = 600          # seconds per cell: a cold Go build cache takes ~70 s
c.ExecutePreprocessor.startup_timeout = 120
# No wall-clock timestamps in cell metadata: executing twice gives identical files.
c.ExecutePreprocessor.record_timing = False

# Stdout can arrive in a varying number of chunks: merge consecutive stream
# outputs so executed notebooks are deterministic and diff cleanly.
c.Exporter.preprocessors = ["nbconvert.preprocessors.CoalesceStreamsPreprocessor"]
