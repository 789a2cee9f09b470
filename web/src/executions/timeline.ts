// The run's timeline (Gantt): each step attempt as a bar from its start to its finish (or now, while running),
// placed as a fraction of the run's whole span.

export interface AttemptLike {
  attempt: number | string;
  status: string;
  started_at: string;
  finished_at: string | null;
}

export interface TimelineStep {
  step_id: string;
  attempt_history: AttemptLike[];
}

export interface Bar {
  attempt: number;
  status: string;
  left: number;
  width: number;
  start: number;
  end: number;
}

export function timeline(steps: TimelineStep[], now: number): { rows: { step: string; bars: Bar[] }[]; start: number; end: number } {
  const spans = steps.flatMap((step) =>
    step.attempt_history.map((attempt) => ({
      start: Date.parse(attempt.started_at),
      end: attempt.finished_at ? Date.parse(attempt.finished_at) : now,
    })),
  );
  if (spans.length === 0) return { rows: [], start: now, end: now };
  const start = Math.min(...spans.map((span) => span.start));
  const end = Math.max(start + 1, ...spans.map((span) => span.end));
  const total = end - start;
  return {
    start,
    end,
    rows: steps.map((step) => ({
      step: step.step_id,
      bars: step.attempt_history.map((attempt) => {
        const from = Date.parse(attempt.started_at);
        const to = attempt.finished_at ? Date.parse(attempt.finished_at) : now;
        return {
          attempt: Number(attempt.attempt),
          status: attempt.status,
          left: ((from - start) / total) * 100,
          width: Math.max(0.5, ((to - from) / total) * 100),
          start: from,
          end: to,
        };
      }),
    })),
  };
}
