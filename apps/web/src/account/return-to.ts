import { useLocation, useNavigate } from 'react-router';
import { paths } from '../paths.ts';

/** Where a sign-in link was followed from, carried in history state (never the URL, so no one can link you elsewhere). */
export interface ReturnToState {
  returnTo?: string;
}

/** The page to go back to after signing in, and the state that carries it on to the other account page. */
export function useReturnTo() {
  const state = useLocation().state as ReturnToState | null;
  const navigate = useNavigate();
  const returnTo = state?.returnTo?.startsWith('/') ? state.returnTo : paths.catalog;
  return {
    state: { returnTo } satisfies ReturnToState,
    goBack: () => navigate(returnTo, { replace: true }),
  };
}
