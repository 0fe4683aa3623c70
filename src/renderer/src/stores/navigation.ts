/**
 * Which section is showing, mirrored from the URL fragment so reload and
 * back/forward work in both modes. The web client has already taken the token
 * out of the fragment by the time this module runs (main.tsx imports the api first).
 */
import { create } from 'zustand';
import { parseRoute, type Route } from '../model/route';

interface NavigationState {
  route: Route;
}

export const useNavigation = create<NavigationState>()(() => ({ route: parseRoute(window.location.hash) }));

window.addEventListener('hashchange', () => {
  useNavigation.setState({ route: parseRoute(window.location.hash) });
});
