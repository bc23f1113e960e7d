import type { TextSegment } from '../../../../core/model';

/**
 * Text with its matched words marked. Segments come from the core as data, never markup: each becomes a text
 * node or a <mark>, so nothing a note contains can turn into HTML.
 */
export function Highlighted({ segments }: { segments: readonly TextSegment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}
