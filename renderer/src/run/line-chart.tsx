/**
 * Lines over one x axis (uPlot), for the node panel's charts: made again when what it draws
 * changes shape (other lines, another axis), fed new points in place while a run goes on.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const MAX_LEGEND = 12;
const COLORS = ['#3b6fe0', '#e07b39', '#2f9e6e', '#a35bd6', '#d64b5b', '#7a8799', '#c9a227', '#2bb0c4'];

/** `names` are the lines' labels, `shape` changes whenever the chart must be made again; `fromZero` for amounts (memory, cores). */
export function LineChart({ data, axis, names, shape, fromZero = false }: { data: uPlot.AlignedData; axis: string; names: readonly string[]; shape: string; fromZero?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef<{ data: uPlot.AlignedData; names: readonly string[] }>({ data, names });
  latest.current = { data, names };
  const chart = useRef<uPlot | null>(null);
  useEffect(() => {
    const target = box.current;
    if (!target) return;
    const { data: first, names: labels } = latest.current;
    chart.current = new uPlot(
      {
        width: Math.max(200, target.clientWidth),
        height: 150,
        legend: { show: labels.length > 1 && labels.length <= MAX_LEGEND }, // a big sweep: the table says who is who
        scales: { x: { time: false }, ...(fromZero ? { y: { range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max > 0 ? max * 1.1 : 1] } } : {}) },
        axes: [{ label: axis, size: 30, labelSize: 14 }, { size: 44 }],
        series: [{ label: axis }, ...labels.map((name, i) => ({ label: name, stroke: COLORS[i % COLORS.length] as string, width: 1.5, spanGaps: true }))],
      },
      first,
      target,
    );
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [shape, axis, fromZero]);
  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);
  return <div ref={box} />;
}
