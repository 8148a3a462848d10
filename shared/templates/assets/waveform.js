// Waveforms: an inline SVG drawn from a track's peaks ({ framesPerBucket, channels:
// [[min, max, ...], ...] }), one band per channel, with the part already played shaded
// and a line at the playing position. Clicking the waveform seeks its player.
window.StudioWaveform = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const HEIGHT = 64;

  function el(name, attrs) {
    const node = document.createElementNS(NS, name);
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  // One closed outline per channel: the maxima left to right, the minima back.
  function outline(pairs, top, band) {
    const n = pairs.length / 2;
    const y = (v) => (top + band / 2 - (Math.max(-1, Math.min(1, v)) * band) / 2).toFixed(2);
    const upper = [];
    const lower = [];
    for (let i = 0; i < n; i++) {
      upper.push(i + ',' + y(pairs[2 * i + 1]));
      lower.unshift((i + 1) + ',' + y(pairs[2 * i]));
    }
    return 'M' + upper.join(' L') + ' L' + n + ',' + y(pairs[2 * n - 1]) + ' L' + lower.join(' L') + ' Z';
  }

  // The SVG for `peaks`, or null when there are none to draw.
  function draw(peaks, label) {
    const channels = peaks && Array.isArray(peaks.channels) ? peaks.channels.filter((c) => c.length >= 2) : [];
    if (!channels.length) return null;
    const width = Math.max(...channels.map((c) => c.length / 2));
    const svg = el('svg', {
      class: 'waveform', viewBox: `0 0 ${width} ${HEIGHT}`, preserveAspectRatio: 'none',
      role: 'img', 'aria-label': 'Waveform of ' + label,
    });
    const band = HEIGHT / channels.length;
    channels.forEach((pairs, c) => svg.append(el('path', { class: 'wave', d: outline(pairs, c * band, band) })));
    svg.append(el('rect', { class: 'wave-played', x: 0, y: 0, width: 0, height: HEIGHT }));
    svg.append(el('line', { class: 'wave-head', x1: 0, x2: 0, y1: 0, y2: HEIGHT }));
    svg.dataset.width = width;
    return svg;
  }

  // Keeps `svg` showing where `audio` is, and lets a click on it seek.
  function follow(svg, audio) {
    const width = Number(svg.dataset.width);
    const show = () => {
      const fraction = audio.duration > 0 ? Math.min(1, audio.currentTime / audio.duration) : 0;
      const x = (fraction * width).toFixed(2);
      svg.querySelector('.wave-played').setAttribute('width', x);
      svg.querySelector('.wave-head').setAttribute('x1', x);
      svg.querySelector('.wave-head').setAttribute('x2', x);
      svg.dataset.position = fraction.toFixed(3);
    };
    ['timeupdate', 'seeked', 'ended', 'loadedmetadata'].forEach((e) => audio.addEventListener(e, show));
    svg.addEventListener('click', (event) => {
      const box = svg.getBoundingClientRect();
      if (!(audio.duration > 0) || box.width <= 0) return;
      audio.currentTime = ((event.clientX - box.left) / box.width) * audio.duration;
    });
  }

  return { draw, follow };
})();
