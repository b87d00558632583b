'use strict'

/**
 * Counts the sockets the sandbox sees, so client tests can assert connection reuse ("bounded
 * connections") and that an aborted call really closed its connection. `close()` uses it to end
 * every open connection.
 */
class ConnectionTracker {
  constructor() {
    this.sockets = new Set()
    this.opened = 0
    this.closed = 0
    this.peak = 0
    this.abortedRequests = 0
    // One listener shared by every response ('close' comes once per response), not a closure each.
    const tracker = this
    this.countIfAborted = function () {
      if (!this.writableFinished) tracker.abortedRequests += 1
    }
  }

  /** Hooked to the server's 'connection' event (the TCP socket, also under TLS). */
  track(socket) {
    this.opened += 1
    this.sockets.add(socket)
    this.peak = Math.max(this.peak, this.sockets.size)
    socket.once('close', () => {
      this.sockets.delete(socket)
      this.closed += 1
    })
  }

  /** Counts a request whose connection closed before its response was complete. */
  watch(res) {
    res.on('close', this.countIfAborted)
  }

  stats() {
    return {
      opened: this.opened,
      closed: this.closed,
      active: this.sockets.size,
      peak: this.peak,
      abortedRequests: this.abortedRequests,
    }
  }

  /** Ends every open connection; resolves once all of them are closed (and counted). */
  destroyAll() {
    const closing = [...this.sockets].map((socket) => new Promise((done) => socket.once('close', done)))
    for (const socket of this.sockets) socket.destroy()
    return Promise.all(closing)
  }
}

module.exports = { ConnectionTracker }
