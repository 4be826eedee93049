// The typed case kept in this browser (localStorage), one draft per user: F5, a closed tab or a key
// that stops working never loses what was typed. Only what the handler typed is kept, never the key.

const PREFIX = "lexgate.draft.";
const PLACE = "lexgate.place.";

export class Draft {
  constructor(user) {
    this.key = PREFIX + user;
    this.placeKey = PLACE + user;
  }

  save(state) {
    try {
      localStorage.setItem(this.key, JSON.stringify({ ...state, saved_at: new Date().toISOString() }));
    } catch {
      // storage full or disabled: the form still works, it just is not kept
    }
  }

  load() {
    try {
      const saved = JSON.parse(localStorage.getItem(this.key) || "null");
      return saved && typeof saved === "object" ? saved : null;
    } catch {
      return null;
    }
  }

  clear() {
    localStorage.removeItem(this.key);
  }

  // The user's own 管辖地, remembered apart from the draft (a new case starts there).
  place() {
    return localStorage.getItem(this.placeKey);
  }

  rememberPlace(name) {
    localStorage.setItem(this.placeKey, name);
  }
}
