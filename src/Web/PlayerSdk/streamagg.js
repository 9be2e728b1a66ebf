/*! StreamAgg player snippet v1: sends an HTML5 <video>'s play, pause, resume, seek, heartbeat and
 * end events to StreamAgg ingest. No dependencies. How to use it: docs/player-sdk.md. */
(function (global) {
  'use strict';

  // The event contract's limits (SEMANTICS.md §1): positions and durations in [0, 10,000,000] s,
  // playback rates in (0, 16]. Browsers keep rates within [1/16, 16].
  var MAX_SECONDS = 1e7;
  var KEY_HEADER = 'X-StreamAgg-Key';
  var KEY_PARAMETER = 'key';
  var VIEWER_KEY = 'streamagg_viewer';
  // A keepalive fetch may carry at most 64 KiB (all keepalive requests in flight together).
  var KEEPALIVE_LIMIT = 60000;

  function randomId() {
    var c = global.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    var bytes = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    var hex = '';
    for (var j = 0; j < 16; j++) hex += (bytes[j] + 256).toString(16).slice(1);
    return hex;
  }

  // One session id per page view, shared by every player of the page (sessions are per viewer
  // and video anyway); event ids are the session id plus a counter, unique without more randomness.
  var sessionId = randomId();
  var eventCounter = 0;

  // The anonymous viewer: localStorage, else a first-party cookie, else this page view only
  // (storage disabled, or a private window that throws on write).
  function anonymousViewer() {
    var id;
    try {
      id = global.localStorage.getItem(VIEWER_KEY);
      if (!id) {
        id = 'anon-' + randomId();
        global.localStorage.setItem(VIEWER_KEY, id);
      }
      return id;
    } catch (e) { /* storage blocked: try the cookie */ }
    try {
      var match = document.cookie.match(new RegExp('(?:^|; )' + VIEWER_KEY + '=([^;]+)'));
      if (match) return decodeURIComponent(match[1]);
      id = 'anon-' + randomId();
      document.cookie = VIEWER_KEY + '=' + encodeURIComponent(id) + '; max-age=63072000; path=/; SameSite=Lax';
      return id;
    } catch (e2) { /* cookies blocked too */ }
    return 'anon-' + randomId();
  }

  function seconds(value) {
    return Math.round(Math.min(Math.max(value, 0), MAX_SECONDS) * 1000) / 1000;
  }

  /**
   * Attaches to a <video> (or <audio>) element and reports its playback.
   * options: endpoint (ingest base URL, e.g. 'https://collect.example.com'), writeKey, videoId,
   * userId (optional: the anonymous viewer otherwise), videoTitle (optional), and for tuning
   * heartbeatIntervalMs (10000), flushIntervalMs (3000), maxBatch (20), maxQueue (1000), debug
   * (log to the console) and onEvent(event) (called with each event as it is queued).
   * Returns { flush(), detach(), userId, sessionId }.
   */
  function attach(video, options) {
    if (!video || typeof video.play !== 'function') throw new Error('StreamAgg.attach: not a media element');
    options = options || {};
    if (!options.endpoint || !options.writeKey || !options.videoId) {
      throw new Error('StreamAgg.attach: endpoint, writeKey and videoId are required');
    }
    var url = String(options.endpoint).replace(/\/+$/, '') + '/v1/events';
    var beaconUrl = url + '?' + KEY_PARAMETER + '=' + encodeURIComponent(options.writeKey);
    var userId = options.userId ? String(options.userId) : anonymousViewer();
    var videoId = String(options.videoId);
    var heartbeatMs = options.heartbeatIntervalMs || 10000;
    var flushMs = options.flushIntervalMs || 3000;
    var maxBatch = options.maxBatch || 20;
    var maxQueue = options.maxQueue || 1000;
    var log = options.debug && global.console ? function (m) { global.console.log('[streamagg] ' + m); } : function () {};

    var queue = [];
    var inFlight = false;
    var flushTimer = 0;
    var retryDelayMs = 0;
    var heartbeatTimer = 0;
    var attached = true;
    // What we last reported: 'stopped' (nothing yet, or ended), 'playing' or 'paused'.
    var state = 'stopped';
    // The playhead as last seen outside a seek, and when (performance clock): the position a seek
    // leaves is extrapolated from it, since 'seeking' fires after currentTime has already moved.
    var anchorPosition = video.currentTime || 0;
    var anchorAt = now();
    var seekFrom = null;
    var stalled = false;
    var finalSent = false;

    function now() { return global.performance && performance.now ? performance.now() : Date.now(); }

    function positionBeforeSeek() {
      if (state !== 'playing' || stalled) return anchorPosition;
      // 'timeupdate' comes at least every 250 ms while frames move: never extrapolate past that
      // (a stall that began without 'waiting' must not invent watched time).
      var moved = Math.min((now() - anchorAt) / 1000, 0.25) * rate();
      var position = anchorPosition + Math.max(0, moved);
      var duration = video.duration;
      return isFinite(duration) && duration > 0 ? Math.min(position, duration) : position;
    }

    function rate() {
      var r = video.playbackRate;
      return r > 0 ? Math.min(Math.max(r, 0.0625), 16) : 1;
    }

    function remember() {
      if (!video.seeking) {
        anchorPosition = video.currentTime;
        anchorAt = now();
      }
    }

    function send(eventName, extra) {
      if (!attached) return;
      var event = {
        eventId: sessionId + ':' + (++eventCounter),
        sessionId: sessionId,
        userId: userId,
        videoId: videoId,
        eventName: eventName,
        timestamp: new Date().toISOString(),
        currentTime: seconds(eventName === 'video_end' && isFinite(video.duration) ? video.duration : video.currentTime),
        playbackRate: rate()
      };
      var duration = video.duration;
      if (isFinite(duration) && duration > 0 && duration <= MAX_SECONDS) event.videoDuration = Math.round(duration * 1000) / 1000;
      if (options.videoTitle) event.videoTitle = String(options.videoTitle);
      if (extra) for (var name in extra) event[name] = extra[name];
      queue.push(event);
      finalSent = false;
      if (queue.length > maxQueue) {
        // Ingest has been unreachable for long: keep memory bounded, drop the oldest.
        queue.splice(0, queue.length - maxQueue);
      }
      log(eventName + ' at ' + event.currentTime);
      if (typeof options.onEvent === 'function') {
        try { options.onEvent(event); } catch (e) { /* the page's callback must not stop reporting */ }
      }
      if (queue.length >= maxBatch) flush();
      else schedule(flushMs);
    }

    function schedule(delayMs) {
      if (!flushTimer && !inFlight) flushTimer = setTimeout(function () { flushTimer = 0; flush(); }, delayMs);
    }

    // Sends the oldest batch; one request at a time, so a retry never overtakes newer events.
    function flush() {
      if (flushTimer) { clearTimeout(flushTimer); flushTimer = 0; }
      if (inFlight || !queue.length) return;
      var batch = queue.splice(0, maxBatch);
      var body = JSON.stringify(batch);
      var headers = { 'Content-Type': 'application/json' };
      headers[KEY_HEADER] = options.writeKey;
      inFlight = true;
      global.fetch(url, { method: 'POST', headers: headers, body: body, keepalive: body.length < KEEPALIVE_LIMIT, credentials: 'omit' })
        .then(function (response) {
          if (response.status === 429 || response.status >= 500) return retry(batch, response);
          retryDelayMs = 0;
          if (!response.ok) log('ingest refused a batch: HTTP ' + response.status);
          done();
        }, function () { retry(batch, null); });
    }

    // 429, 5xx or no answer: put the batch back in front and try again later. Events carry ids,
    // so a batch that did arrive before the connection broke is de-duplicated by StreamAgg.
    function retry(batch, response) {
      queue = batch.concat(queue);
      if (queue.length > maxQueue) queue.splice(0, queue.length - maxQueue);
      var after = response && parseFloat(response.headers.get('Retry-After'));
      retryDelayMs = Math.min(Math.max(retryDelayMs * 2, 1000), 60000);
      var delay = after > 0 ? Math.min(after * 1000, 300000) : retryDelayMs * (0.5 + Math.random() / 2);
      log('ingest unavailable, retrying in ' + Math.round(delay) + ' ms');
      inFlight = false;
      flushTimer = setTimeout(function () { flushTimer = 0; flush(); }, delay);
    }

    function done() {
      inFlight = false;
      if (queue.length >= maxBatch) flush();
      else if (queue.length) schedule(flushMs);
    }

    // The page is going away (or into the background, where it may be killed without notice):
    // everything still queued leaves in one beacon, which the browser delivers after unload.
    function flushFinal() {
      // 'visibilitychange' and 'pagehide' both come when a tab closes: one heartbeat is enough,
      // unless the video went on playing (and reporting) in between.
      if (state === 'playing' && !finalSent) {
        send('video_heartbeat');
        restartHeartbeat();
      }
      finalSent = true;
      if (flushTimer) { clearTimeout(flushTimer); flushTimer = 0; }
      while (queue.length) {
        var batch = queue.splice(0, maxBatch);
        var body = JSON.stringify(batch);
        var sent = false;
        try {
          sent = global.navigator.sendBeacon && global.navigator.sendBeacon(beaconUrl, body);
        } catch (e) { sent = false; }
        if (!sent) {
          // No beacon (or its quota is full): a keepalive fetch also outlives the page.
          queue = batch.concat(queue);
          if (!inFlight) flush();
          return;
        }
      }
    }

    function startHeartbeat() {
      stopHeartbeat();
      heartbeatTimer = setInterval(function () {
        if (state === 'playing' && !video.paused) send('video_heartbeat');
      }, heartbeatMs);
    }

    function restartHeartbeat() { if (heartbeatTimer) startHeartbeat(); }

    function stopHeartbeat() {
      if (heartbeatTimer) { clearInterval(heartbeatTimer); heartbeatTimer = 0; }
    }

    // 'playing' is when frames really move (after buffering, autoplay or a stall); 'play' only
    // says the player wants to. A stall ('waiting') keeps the state: the next event credits only
    // what the playhead really covered.
    function onPlaying() {
      stalled = false;
      remember();
      if (state === 'playing') return;
      send(state === 'paused' ? 'video_resume' : 'video_play');
      state = 'playing';
      startHeartbeat();
    }

    function onWaiting() {
      remember();
      stalled = true;
    }

    function onPause() {
      // At the end the browser fires 'pause' just before 'ended': report the end only.
      if (video.ended || state !== 'playing') return;
      remember();
      send('video_pause');
      state = 'paused';
      stopHeartbeat();
    }

    function onEnded() {
      if (state === 'stopped') return;
      send('video_end');
      state = 'stopped';
      stopHeartbeat();
      remember();
    }

    function onSeeking() {
      // One seek from the position left, however many 'seeking' events a drag fires before 'seeked'.
      if (seekFrom === null) seekFrom = positionBeforeSeek();
    }

    function onSeeked() {
      var from = seekFrom === null ? anchorPosition : seekFrom;
      seekFrom = null;
      // Before the first play, and after the end (play() then rewinds to 0 by itself), the next
      // play carries the position: a seek is reported only from a playing or paused player.
      if (state !== 'stopped' && Math.abs(video.currentTime - from) > 0.001) {
        send('video_seek', { fromTime: seconds(from) });
        restartHeartbeat();
      }
      remember();
    }

    function onRateChange() {
      // Close the interval played at the old rate now, so that StreamAgg credits the time at the
      // rate it was played at; the heartbeat carries the new rate.
      if (state === 'playing' && !video.paused) {
        send('video_heartbeat');
        restartHeartbeat();
      }
      remember();
    }

    function onVisibility() { if (document.visibilityState === 'hidden') flushFinal(); }

    var listeners = [
      [video, 'playing', onPlaying], [video, 'pause', onPause], [video, 'ended', onEnded],
      [video, 'seeking', onSeeking], [video, 'seeked', onSeeked], [video, 'ratechange', onRateChange],
      [video, 'timeupdate', remember], [video, 'waiting', onWaiting],
      [global, 'pagehide', flushFinal], [document, 'visibilitychange', onVisibility]
    ];
    for (var i = 0; i < listeners.length; i++) listeners[i][0].addEventListener(listeners[i][1], listeners[i][2]);

    // Attached after an autoplaying (muted) video had already started: no 'playing' will come.
    if (!video.paused && !video.ended && video.readyState > 2) onPlaying();

    return {
      userId: userId,
      sessionId: sessionId,
      /** Sends whatever is queued now. */
      flush: flush,
      /** Stops reporting: the position reached is sent, then the listeners are removed. */
      detach: function () {
        if (!attached) return;
        if (state === 'playing') send('video_pause');
        state = 'stopped';
        stopHeartbeat();
        for (var j = 0; j < listeners.length; j++) listeners[j][0].removeEventListener(listeners[j][1], listeners[j][2]);
        flushFinal();
        attached = false;
      }
    };
  }

  global.StreamAgg = { attach: attach, version: 1 };
})(window);
