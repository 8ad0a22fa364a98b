/*
 * Lectern player: Video.js for the controls; hls.js (LL-HLS) or dash.js do the streaming through
 * Video.js source handlers. Settings come from data-* attributes on <body>, written by the server.
 * While a stream is offline the page checks every few seconds and starts playing by itself.
 */
(function () {
  'use strict';

  var cfg = document.body.dataset;
  var vod = cfg.vod === 'true'; // a recording: on demand, no live edge, no viewer count
  var video = document.getElementById('video');
  var offline = document.getElementById('offline');
  var playerId = randomId();
  var engine = null;        // { kind: 'hls'|'dash'|'native', ... } while a stream plays
  var wanted = cfg.quality; // 'auto' or a label such as '360p'
  var pollTimer = null;
  var beaconTimer = null;

  function randomId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(s);
    });
  }

  function label(height, bitrate) {
    return height ? height + 'p' : Math.round(bitrate / 1000) + ' kbps';
  }

  // ---- Engines: each turns one source into a playing <video> and answers the same questions.

  function hlsEngine(source, tech) {
    // The delay behind live comes from the playlist (PART-HOLD-BACK in low-latency mode, three
    // segments otherwise). Up to 1.5x speed brings a player that fell behind (a stall, a slow start)
    // back to it, so the delay does not grow with every hiccup.
    var hls = new window.Hls(vod ? { backBufferLength: 90 }
      : { lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5, liveDurationInfinity: true, backBufferLength: 90 });
    var e = {
      kind: 'hls',
      levels: function () { return hls.levels.map(function (l) { return l.name && !/^\d+$/.test(l.name) ? l.name : label(l.height, l.bitrate); }); },
      current: function () { return hls.currentLevel; },
      select: function (i) { hls.currentLevel = i; },
      auto: function () { return hls.autoLevelEnabled; },
      // Wall clock minus the time the frame on screen was captured (EXT-X-PROGRAM-DATE-TIME).
      latency: function () { return hls.playingDate ? (Date.now() - hls.playingDate.getTime()) / 1000 : hls.latency; },
      behindLive: function () { return hls.liveSyncPosition == null ? 0 : hls.liveSyncPosition - tech.el().currentTime; },
      goLive: function () { if (hls.liveSyncPosition != null) { tech.el().currentTime = hls.liveSyncPosition; } },
      dispose: function () { hls.destroy(); }
    };
    // Playlists without parts (tutorial, high-quality) block until the next segment exists, so the
    // player can stay 1.5 segments behind it instead of hls.js's three: 3 s with 2 s segments.
    hls.on(window.Hls.Events.LEVEL_LOADED, function (event, data) {
      if (data.details.live && !data.details.partHoldBack) {
        hls.targetLatency = 1.5 * data.details.targetduration;
      }
    });
    // A slow start can leave the player further behind than its catch-up reaches: jump once.
    tech.el().addEventListener('playing', function () {
      if (!vod && e.behindLive() > 1) { e.goLive(); }
    }, { once: true });
    hls.on(window.Hls.Events.MANIFEST_PARSED, function () { applyQuality(); player.trigger('lecternlevels'); });
    hls.on(window.Hls.Events.LEVEL_SWITCHED, function () { player.trigger('lecternlevels'); });
    hls.on(window.Hls.Events.ERROR, function (event, data) {
      if (data.fatal) {
        if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
        } else {
          stopped();
        }
      }
    });
    hls.loadSource(source.src);
    hls.attachMedia(tech.el());
    return e;
  }

  function dashEngine(source, tech) {
    var dash = window.dashjs.MediaPlayer().create();
    // The delay comes from the MPD (suggestedPresentationDelay); play up to 10% faster or slower to
    // stay there instead of drifting behind after a stall.
    dash.updateSettings({ streaming: { liveCatchup: { enabled: true, playbackRate: { min: -0.1, max: 0.1 } } } });
    var reps = function () { return dash.getRepresentationsByType('video') || []; };
    var isAuto = true;
    var e = {
      kind: 'dash',
      levels: function () { return reps().map(function (r) { return label(r.height, r.bandwidth); }); },
      current: function () {
        var now = dash.getCurrentRepresentationForType('video');
        return now ? reps().findIndex(function (r) { return r.id === now.id; }) : -1;
      },
      select: function (i) {
        isAuto = i < 0;
        dash.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: isAuto } } } });
        if (!isAuto) { dash.setRepresentationForTypeById('video', reps()[i].id, true); }
      },
      auto: function () { return isAuto; },
      latency: function () { return dash.getCurrentLiveLatency(); },
      behindLive: function () { return dash.getCurrentLiveLatency() - dash.getTargetLiveDelay(); },
      goLive: function () { dash.seekToOriginalLive(); },
      dispose: function () { dash.reset(); }
    };
    var events = window.dashjs.MediaPlayer.events;
    dash.on(events.STREAM_INITIALIZED, function () { applyQuality(); player.trigger('lecternlevels'); });
    dash.on(events.QUALITY_CHANGE_RENDERED, function () { player.trigger('lecternlevels'); });
    dash.on(events.ERROR, function () { stopped(); });
    dash.initialize(tech.el(), source.src, false);
    return e;
  }

  function register(type, make) {
    videojs.getTech('Html5').registerSourceHandler({
      canPlayType: function (t) { return t === type ? 'probably' : ''; },
      canHandleSource: function (s) { return s.type === type ? 'probably' : ''; },
      handleSource: function (source, tech) {
        var e = make(source, tech);
        engine = e;
        return { dispose: function () { if (engine === e) { engine = null; } e.dispose(); } };
      }
    }, 0);
  }

  // ---- Controls added to Video.js: live button, delay, quality menu.

  var Button = videojs.getComponent('Button');
  var Component = videojs.getComponent('Component');
  var MenuButton = videojs.getComponent('MenuButton');
  var MenuItem = videojs.getComponent('MenuItem');

  class LiveButton extends Button {
    buildCSSClass() { return 'lectern-live vjs-control vjs-button'; }
    handleClick() { if (engine) { engine.goLive(); player.play(); } }
    update() {
      var behind = engine && engine.behindLive() > 3;
      this.toggleClass('lectern-behind', !!behind);
      this.el().querySelector('.lectern-live-text').textContent = behind ? 'Go to live' : 'Live';
      this.controlText(behind ? 'Go to live' : 'Playing live');
    }
    createEl() {
      var el = super.createEl('button', { className: this.buildCSSClass() });
      el.appendChild(videojs.dom.createEl('span', { className: 'lectern-live-dot' }));
      el.appendChild(videojs.dom.createEl('span', { className: 'lectern-live-text', textContent: 'Live' }));
      return el;
    }
  }

  class LatencyDisplay extends Component {
    createEl() { return videojs.dom.createEl('div', { className: 'vjs-control lectern-latency', title: 'How far behind the teacher you are' }); }
    update() {
      var s = engine ? engine.latency() : NaN;
      this.el().textContent = isFinite(s) && s > 0 ? 'Delay ' + s.toFixed(1) + ' s' : '';
    }
  }

  class QualityItem extends MenuItem {
    constructor(p, options) {
      super(p, Object.assign({ selectable: true }, options));
      this.index = options.index;
    }
    handleClick() {
      wanted = this.index < 0 ? 'auto' : this.options_.label;
      applyQuality();
      this.player().trigger('lecternlevels');
    }
  }

  class QualityButton extends MenuButton {
    constructor(p, options) {
      super(p, options);
      this.controlText('Quality');
      this.labelEl = videojs.dom.createEl('span', { className: 'lectern-quality-label', textContent: 'Auto' });
      this.menuButton_.el().appendChild(this.labelEl);
      this.on(p, 'lecternlevels', this.update);
    }
    buildWrapperCSSClass() { return 'lectern-quality ' + super.buildWrapperCSSClass(); }
    createItems() {
      if (!engine) { return []; }
      var levels = engine.levels();
      var current = engine.current();
      var auto = wanted === 'auto';
      if (this.labelEl) {
        this.labelEl.textContent = auto ? 'Auto' + (current >= 0 && levels[current] ? ' (' + levels[current] + ')' : '') : wanted;
      }
      var items = [new QualityItem(this.player(), { label: 'Auto', index: -1, selected: auto })];
      levels.forEach(function (name, i) {
        items.push(new QualityItem(this.player(), { label: name, index: i, selected: !auto && name === wanted }));
      }, this);
      return levels.length > 1 ? items : [];
    }
  }

  videojs.registerComponent('LecternLive', LiveButton);
  videojs.registerComponent('LecternLatency', LatencyDisplay);
  videojs.registerComponent('LecternQuality', QualityButton);

  var controls = cfg.controls === 'true';
  var player = videojs(video, {
    controls: controls,
    muted: cfg.muted === 'true',
    liveui: !vod,
    // The seek bar shows the DVR window at once, and a viewer more than 6 s behind the edge counts as behind.
    liveTracker: { trackingThreshold: 0, liveTolerance: 6 },
    userActions: { doubleClick: controls },
    bigPlayButton: controls,
    controlBar: {
      children: (vod ? ['playToggle', 'volumePanel', 'currentTimeDisplay', 'progressControl', 'durationDisplay']
        : ['playToggle', 'volumePanel', 'progressControl', 'LecternLive', 'LecternLatency']).concat(
        ['LecternQuality', 'pictureInPictureToggle', 'fullscreenToggle'])
    }
  });

  function applyQuality() {
    if (!engine) { return; }
    var i = wanted === 'auto' ? -1 : engine.levels().indexOf(wanted);
    engine.select(i);
  }

  // ---- Going live, going offline.

  function showOffline(yes) {
    offline.hidden = !yes;
    document.body.classList.toggle('is-offline', yes);
  }

  function exists(url) {
    return fetch(url, { method: 'HEAD', cache: 'no-store' }).then(function (r) { return r.ok; }, function () { return false; });
  }

  // Which source to play: HLS through hls.js where MSE exists, native HLS (Safari on iPhone), else DASH.
  function choose() {
    var hls = { src: cfg.hls, type: 'application/x-mpegURL' };
    var dash = { src: cfg.dash, type: 'application/dash+xml' };
    var nativeHls = video.canPlayType('application/vnd.apple.mpegurl') !== '';
    var order = cfg.format === 'dash' ? [dash] : cfg.format === 'hls' ? [hls] : [hls, dash];
    return order.reduce(function (found, source) {
      return found.then(function (f) { return f || exists(source.src).then(function (ok) { return ok ? source : null; }); });
    }, Promise.resolve(null)).then(function (source) {
      if (!source) { return null; }
      if (source === hls && window.MediaSource) { return loadScript(cfg.hlsScript).then(function () { return window.Hls.isSupported() ? source : null; }); }
      if (source === hls && nativeHls) { return { src: cfg.hls, type: 'application/vnd.apple.mpegurl' }; }
      if (source === hls) { return exists(cfg.dash).then(function (ok) { return ok ? loadScript(cfg.dashScript).then(function () { return dash; }) : null; }); }
      return loadScript(cfg.dashScript).then(function () { return source; });
    });
  }

  function tryStart() {
    pollTimer = null;
    choose().then(function (source) {
      if (!source) {
        showOffline(true);
        pollTimer = setTimeout(tryStart, cfg.pollSeconds * 1000);
        return;
      }
      showOffline(false);
      player.src(source);
      if (cfg.autoplay === 'true') {
        var p = player.play();
        // Browsers refuse sound without a click: play muted rather than not at all.
        if (p && p.catch) { p.catch(function () { player.muted(true); return player.play(); }).catch(function () {}); }
      }
    });
  }

  function stopped() {
    if (pollTimer) { return; }
    player.pause();
    player.reset();
    showOffline(true);
    pollTimer = setTimeout(tryStart, cfg.pollSeconds * 1000);
  }

  // ---- Viewer count: a playing player says so every few seconds.

  function beacon() {
    if (!cfg.beacon || player.paused() || !engine) { return; }
    var url = cfg.beacon + '?id=' + playerId;
    if (!(navigator.sendBeacon && navigator.sendBeacon(url))) {
      fetch(url, { method: 'POST', keepalive: true }).catch(function () {});
    }
  }

  player.on('playing', function () {
    if (!beaconTimer) {
      beacon();
      beaconTimer = setInterval(beacon, cfg.beaconSeconds * 1000);
    }
  });

  // A stream the teacher stops ends its playlists (EXT-X-ENDLIST): the player plays what is left and
  // ends; then wait for the next broadcast.
  // A recording that ends just ends.
  player.on('ended', function () { if (!vod) { stopped(); } });

  // A stopped stream may just stop growing instead of failing: when playback stands still, ask the server.
  var lastTime = -1;
  var stillSince = 0;
  function watchStall() {
    var t = player.currentTime();
    if (!engine || player.paused() || t !== lastTime) {
      lastTime = t;
      stillSince = Date.now();
    } else if (Date.now() - stillSince > 8000) {
      stillSince = Date.now();
      exists(player.currentSource().src).then(function (ok) { if (!ok && engine) { stopped(); } });
    }
  }

  setInterval(function () {
    watchStall();
    var bar = player.getChild('ControlBar');
    if (!bar) { return; }
    if (!vod) {
      bar.getChild('LecternLive').update();
      bar.getChild('LecternLatency').update();
    }
  }, 1000);

  // For scripts around the page (tests, the dashboard): read-only facts and a quality switch.
  window.lecternPlayer = {
    player: player,
    engine: function () { return engine && engine.kind; },
    latency: function () { return engine ? engine.latency() : null; },
    levels: function () { return engine ? engine.levels() : []; },
    playingLevel: function () { var i = engine ? engine.current() : -1; return i >= 0 ? engine.levels()[i] : null; },
    quality: function () { return wanted; },
    setQuality: function (q) { wanted = q; applyQuality(); player.trigger('lecternlevels'); },
    id: playerId
  };

  register('application/x-mpegURL', hlsEngine);
  register('application/dash+xml', dashEngine);
  tryStart();
})();
