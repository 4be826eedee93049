// The signed-in key lives in this tab's sessionStorage only: never in the URL, gone when the tab closes.

const KEY = "lexgate.key";

export function storedKey() {
  return sessionStorage.getItem(KEY);
}

export function remember(key) {
  sessionStorage.setItem(KEY, key);
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

// What a role may do, from GET /v1/me. The API's 403 is the real guard; this only hides what would fail.
export function can(me, ...permissions) {
  return Boolean(me) && permissions.some((p) => me.permissions.includes(p));
}
