import { useSyncExternalStore } from 'react';

const storageKey = 'holdfast.cartToken';
const listeners = new Set<() => void>();
// used only when storage is disabled (private modes, strict settings): the cart then lives as long as the page
let memoryToken: string | null = null;

function readCartToken(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return memoryToken;
  }
}

function writeCartToken(token: string | null): void {
  memoryToken = token;
  try {
    if (token) localStorage.setItem(storageKey, token);
    else localStorage.removeItem(storageKey);
  } catch {
    // memoryToken keeps the cart for this page
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // another tab that creates or finishes a cart changes ours too
  const onStorage = (event: StorageEvent) => {
    if (event.key === storageKey) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The guest cart's token, kept in localStorage so the cart survives reloads and new tabs. */
export function useCartToken(): string | null {
  return useSyncExternalStore(subscribe, readCartToken);
}

export const cartTokenStore = {
  read: readCartToken,
  save: (token: string) => writeCartToken(token),
  forget: () => writeCartToken(null),
};
