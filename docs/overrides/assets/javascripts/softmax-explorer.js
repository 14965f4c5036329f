// The softmax homework as an interactive figure: sliders for 3–5 scores (logits)
// and the temperature T, bars for softmax(z / T). Plain JavaScript, no server.
// Markup: <div class="softmax-explorer" data-logits="2, 1, 0.1"></div>
(() => {
  const TEXT = {
    zh: { logit: "分數", temperature: "溫度 T", entropy: "熵 H", nats: "nats", add: "增加一個分數", remove: "移除一個分數" },
    en: { logit: "score", temperature: "temperature T", entropy: "entropy H", nats: "nats", add: "add a score", remove: "remove a score" },
  };
  const MIN_SCORES = 3;
  const MAX_SCORES = 5;

  // Same steps as genai_notes.entropy.softmax: divide by T, subtract the max, exponentiate, normalise.
  function softmax(logits, temperature) {
    const scaled = logits.map((z) => z / temperature);
    const max = Math.max(...scaled);
    const exps = scaled.map((z) => Math.exp(z - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  }

  function entropy(probs) {
    return -probs.reduce((sum, p) => sum + (p > 0 ? p * Math.log(p) : 0), 0);
  }

  function slider(min, max, step, value, label) {
    const input = document.createElement("input");
    Object.assign(input, { type: "range", min, max, step, value });
    input.setAttribute("aria-label", label);
    return input;
  }

  function mount(root) {
    const text = document.documentElement.lang.startsWith("zh") ? TEXT.zh : TEXT.en;
    const state = {
      logits: root.dataset.logits.split(",").map(Number).slice(0, MAX_SCORES),
      temperature: Number(root.dataset.temperature || 1),
    };
    root.innerHTML = "";
    const rows = document.createElement("div");
    rows.className = "softmax-explorer__rows";
    const controls = document.createElement("div");
    controls.className = "softmax-explorer__controls";
    const temperature = slider(0.1, 5, 0.05, state.temperature, text.temperature);
    temperature.className = "softmax-explorer__temperature";
    const temperatureValue = document.createElement("output");
    const summary = document.createElement("output");
    summary.className = "softmax-explorer__entropy";
    const remove = Object.assign(document.createElement("button"), { type: "button", textContent: "−", title: text.remove });
    const add = Object.assign(document.createElement("button"), { type: "button", textContent: "+", title: text.add });
    const temperatureLabel = document.createElement("label");
    temperatureLabel.append(`${text.temperature} `, temperature, " ", temperatureValue);
    controls.append(remove, add, temperatureLabel, summary);
    root.append(rows, controls);

    function draw() {
      const probs = softmax(state.logits, state.temperature);
      rows.innerHTML = "";
      state.logits.forEach((z, i) => {
        const row = document.createElement("div");
        row.className = "softmax-explorer__row";
        const input = slider(-5, 5, 0.1, z, `${text.logit} ${i + 1}`);
        input.className = "softmax-explorer__logit";
        input.addEventListener("input", () => {
          state.logits[i] = Number(input.value);
          update();
        });
        const value = document.createElement("output");
        value.className = "softmax-explorer__value";
        const bar = document.createElement("div");
        bar.className = "softmax-explorer__bar";
        const fill = document.createElement("span");
        fill.className = "softmax-explorer__fill";
        const prob = document.createElement("output");
        prob.className = "softmax-explorer__prob";
        bar.append(fill);
        row.append(`z${i + 1}`, input, value, bar, prob);
        rows.append(row);
      });
      update(probs);
    }

    function update(probs = softmax(state.logits, state.temperature)) {
      rows.querySelectorAll(".softmax-explorer__row").forEach((row, i) => {
        row.querySelector(".softmax-explorer__value").textContent = state.logits[i].toFixed(1);
        row.querySelector(".softmax-explorer__fill").style.width = `${(100 * probs[i]).toFixed(1)}%`;
        row.querySelector(".softmax-explorer__prob").textContent = probs[i].toFixed(3);
      });
      temperatureValue.textContent = state.temperature.toFixed(2);
      summary.textContent = `${text.entropy} = ${entropy(probs).toFixed(3)} ${text.nats}`;
      remove.disabled = state.logits.length <= MIN_SCORES;
      add.disabled = state.logits.length >= MAX_SCORES;
    }

    temperature.addEventListener("input", () => {
      state.temperature = Number(temperature.value);
      update();
    });
    remove.addEventListener("click", () => {
      state.logits.pop();
      draw();
    });
    add.addEventListener("click", () => {
      state.logits.push(0);
      draw();
    });
    draw();
  }

  document$.subscribe(() => document.querySelectorAll(".softmax-explorer").forEach(mount));
})();
