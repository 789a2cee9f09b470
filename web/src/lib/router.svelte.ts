import { parseRoute, type Route } from './routes';

export const router = $state<{ route: Route; search: URLSearchParams }>({
  route: parseRoute(location.pathname),
  search: new URLSearchParams(location.search),
});

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  update();
  window.scrollTo(0, 0);
}

function update(): void {
  router.route = parseRoute(location.pathname);
  router.search = new URLSearchParams(location.search);
}

addEventListener('popstate', update);

/** Client-side navigation for plain links: same-origin, left click, no modifier, no target. */
export function interceptLinks(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== location.origin) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
