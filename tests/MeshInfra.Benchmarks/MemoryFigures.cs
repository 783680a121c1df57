namespace MeshInfra.Benchmarks;

/// <summary>
/// One fresh process's memory for one CLI render: its working set before any work, its peak after
/// reading, planning and rendering in memory, the managed heap still live once the render is done
/// (plan and rendered files), and the size of the YAML produced (UTF-8 bytes).
/// </summary>
internal sealed record MemoryFigures(long StartWorkingSet, long PeakAfterRender, long LiveHeapAfterRender, long YamlBytes);
