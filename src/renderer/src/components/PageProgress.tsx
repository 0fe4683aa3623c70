/**
 * A paged read still arriving: how many rows are loaded so far. The APIs
 * behind it (GetAccountAuthorizationDetails, DescribeParameters) say nothing
 * of how many pages remain, so the bar is indeterminate and says so, rather
 * than inventing a percentage.
 */
const formatCount = (n: number): string => n.toLocaleString('en-US');

interface Props {
  /** What is loading, lower case and plural: "roles", "parameters". */
  noun: string;
  loaded: number;
  pages: number;
  /** Data from an earlier load stays on screen while this one runs. */
  refreshing?: boolean;
}

export function PageProgress({ noun, loaded, pages, refreshing }: Props) {
  const text = `${refreshing ? 'Refreshing' : 'Loading'} ${noun}: ${formatCount(loaded)} loaded, more coming`;
  return (
    <div className="page-progress" role="progressbar" aria-label={text} aria-valuetext={text}>
      <span className="page-progress-bar" aria-hidden="true" />
      <span className="page-progress-text">
        {text}
        <span className="muted">
          {' '}
          ({formatCount(pages)} {pages === 1 ? 'page' : 'pages'} so far; the API gives no total)
        </span>
      </span>
    </div>
  );
}
