// Who is signed in. The token lives in sessionStorage only: it is gone when the tab closes, and other tabs do not
// see it. Nothing else about the user is stored.

const KEY = 'assistant-core.token';
const listeners = new Set();

function decode(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

export const session = {
  get token() {
    return sessionStorage.getItem(KEY);
  },
  /** The token's claims (sub, tenant, roles, exp); the server decides what they allow. */
  get claims() {
    const token = this.token;
    return token ? decode(token) : {};
  },
  get userId() {
    return this.claims.sub;
  },
  get tenantId() {
    return this.claims.tenant;
  },
  get roles() {
    return this.claims.roles || [];
  },
  hasAnyRole(...roles) {
    return this.roles.some(role => roles.includes(role)) || this.roles.includes('PLATFORM_ADMIN');
  },
  signIn(token) {
    sessionStorage.setItem(KEY, token.trim());
    listeners.forEach(listener => listener('signed-in'));
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    listeners.forEach(listener => listener('signed-out'));
  },
  expired(error) {
    listeners.forEach(listener => listener('expired', error));
  },
  onChange(listener) {
    listeners.add(listener);
  },
};
