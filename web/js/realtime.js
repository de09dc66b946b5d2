// One WebSocket to the realtime service for the whole page. It authenticates with the first
// message, re-subscribes every channel after a reconnect with `since` (the last event id seen, so
// nothing is missed or repeated), renews its token when the session does, and reports its state
// so views can fall back to polling while it cannot connect.
import { accessToken, refresh, session } from './api.js';

const STATES = ['connecting', 'live', 'reconnecting', 'offline'];

/** The page's realtime connection. */
export class Realtime extends EventTarget {
  constructor() {
    super();
    this.socket = null;
    this.state = 'offline';
    this.channels = new Map(); // name → { lastId, handlers: Set, ready }
    this.pending = new Map(); // client message id → { resolve, reject }
    this.attempts = 0;
    this.nextId = 1;
    this.timer = null;
    this.wanted = false;
    session.addEventListener('change', () => this.sessionChanged());
  }

  /** `connecting`, `live`, `reconnecting` or `offline` (given up for now; still retrying). */
  get status() { return this.state; }

  setState(next) {
    if (!STATES.includes(next) || next === this.state) return;
    this.state = next;
    this.dispatchEvent(new CustomEvent('state', { detail: next }));
  }

  start() {
    this.wanted = true;
    if (!this.socket) this.open();
  }

  /** Closes the socket and forgets every subscription (sign-out). */
  stop() {
    this.wanted = false;
    clearTimeout(this.timer);
    this.channels.clear();
    for (const { reject } of this.pending.values()) reject(new Error('the connection closed'));
    this.pending.clear();
    if (this.socket) this.socket.close(1000, 'signed out');
    this.socket = null;
    this.setState('offline');
  }

  sessionChanged() {
    const token = accessToken();
    if (!token) { this.stop(); return; }
    // A renewed token extends the open socket's life.
    if (this.socket && this.socket.readyState === WebSocket.OPEN && this.state === 'live') {
      this.socket.send(JSON.stringify({ type: 'auth', token }));
    }
  }

  open() {
    const token = accessToken();
    if (!token || !this.wanted) return;
    this.setState(this.attempts === 0 ? 'connecting' : (this.attempts >= 3 ? 'offline' : 'reconnecting'));
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let socket;
    try {
      socket = new WebSocket(scheme + '//' + location.host + '/ws');
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    socket.addEventListener('message', (message) => this.receive(message.data));
    socket.addEventListener('close', (event) => this.closed(socket, event));
  }

  closed(socket, event) {
    if (this.socket !== socket) return;
    this.socket = null;
    for (const channel of this.channels.values()) channel.ready = false;
    for (const { reject } of this.pending.values()) reject(new Error('the connection closed'));
    this.pending.clear();
    if (!this.wanted) return;
    if (event.code === 1008 && /expired|session/.test(event.reason || '')) {
      // The token ran out or the session ended: refresh first; a failed refresh signs out.
      refresh().then((ok) => { if (ok) this.scheduleReconnect(); });
      return;
    }
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    this.attempts += 1;
    this.setState(this.attempts >= 3 ? 'offline' : 'reconnecting');
    const delay = Math.min(15000, 500 * 2 ** Math.min(this.attempts - 1, 5)) * (0.8 + Math.random() * 0.4);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), delay);
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    switch (message.type) {
      case 'ready':
        this.attempts = 0;
        this.user = message.data && message.data.user;
        this.connection = message.data && message.data.connection;
        this.setState('live');
        for (const name of this.channels.keys()) this.sendSubscribe(name);
        break;
      case 'event': {
        const channel = this.channels.get(message.channel);
        if (!channel) break;
        if (typeof message.id === 'number') {
          if (message.id <= channel.lastId) break; // already seen (replay overlap)
          channel.lastId = message.id;
        }
        for (const handler of channel.handlers) handler({ kind: 'event', id: message.id, data: message.data, ts: message.ts });
        break;
      }
      case 'cursor':
      case 'presence': {
        const channel = this.channels.get(message.channel);
        if (channel) for (const handler of channel.handlers) handler({ kind: message.type, data: message.data });
        break;
      }
      case 'ack':
      case 'error': {
        const waiter = message.id !== undefined ? this.pending.get(message.id) : undefined;
        if (waiter) {
          this.pending.delete(message.id);
          if (message.type === 'ack') waiter.resolve(message.data || {});
          else waiter.reject(Object.assign(new Error((message.data && message.data.message) || 'refused'), { code: message.data && message.data.code }));
        }
        if (message.type === 'error' && message.channel) {
          const channel = this.channels.get(message.channel);
          if (channel) for (const handler of channel.handlers) handler({ kind: 'error', data: message.data });
        }
        break;
      }
      default:
        break;
    }
  }

  sendSubscribe(name) {
    const channel = this.channels.get(name);
    if (!channel || !this.socket || this.state !== 'live') return;
    const message = { type: 'subscribe', channel: name, since: channel.lastId };
    this.call(message).then(() => {
      channel.ready = true;
      for (const handler of channel.handlers) handler({ kind: 'subscribed' });
    }).catch(() => {});
  }

  /**
   * Listens to `name`; `since` is the last event id the caller already has (0: replay all).
   * Returns the function that stops listening.
   */
  subscribe(name, handler, since = 0) {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = { lastId: since, handlers: new Set(), ready: false };
      this.channels.set(name, channel);
      channel.handlers.add(handler);
      this.sendSubscribe(name);
    } else {
      channel.handlers.add(handler);
    }
    this.start();
    return () => {
      channel.handlers.delete(handler);
      if (channel.handlers.size === 0) {
        this.channels.delete(name);
        if (this.socket && this.state === 'live') this.socket.send(JSON.stringify({ type: 'unsubscribe', channel: name }));
      }
    };
  }

  /** Sends `message` with a fresh id; resolves with the `ack` data, rejects on `error`. */
  call(message) {
    return new Promise((resolve, reject) => {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) { reject(new Error('not connected')); return; }
      const id = 'c' + this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ ...message, id }));
    });
  }

  /** Sends a message that expects no answer (cursor, presence); dropped while disconnected. */
  cast(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN && this.state === 'live') this.socket.send(JSON.stringify(message));
  }
}

/** The page's one connection. */
export const realtime = new Realtime();
