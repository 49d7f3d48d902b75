// Sends IPVM a /wasm/run invocation built and signed by iso-ucan (the JS UCAN 1.0 library) with
// its defaults: a fresh Ed25519 key, self-issued (sub = iss), no audience given (iso-ucan then
// writes aud = sub), its default random nonce and 300 s expiry, its own tag spelling.
//
//   node invoke.mjs <bootstrap> <invocations-topic> <module.wasm> <fun> <json-params>
//
// The module travels inline, as args.mod = "data:application/wasm;base64,..." (a form IPVM's
// /wasm/run reads): iso-ucan 0.5.0 refuses a CID link anywhere in args (its args schema allows
// strings, numbers, booleans, null, bigints, bytes, lists and maps, not CIDs), so the linked
// form {mod: {"/": CID}} cannot be built with Invocation.create.
//
// Publishes the envelope's DAG-CBOR bytes to the topic (no key, no headers) and prints the
// invocation's CID (the receipt's record key) on stdout; the issuer's DID goes to stderr.
import { Invocation } from 'iso-ucan/invocation'
import { EdDSASigner } from 'iso-signatures/signers/eddsa.js'
import { readFileSync } from 'node:fs'
import { Kafka, Partitioners, logLevel } from 'kafkajs'

const [bootstrap, topic, moduleFile, fun, paramsJson] = process.argv.slice(2)
if (!paramsJson) {
  console.error('usage: node invoke.mjs <bootstrap> <invocations-topic> <module.wasm> <fun> <json-params>')
  process.exit(2)
}
const params = JSON.parse(paramsJson)
if (!Array.isArray(params)) {
  console.error('invoke.mjs: <json-params> must be a JSON list, e.g. [20, 22]')
  process.exit(2)
}

const mod = 'data:application/wasm;base64,' + readFileSync(moduleFile).toString('base64')

const signer = await EdDSASigner.generate()
const invocation = await Invocation.create({
  iss: signer,
  sub: signer.did,
  cmd: '/wasm/run',
  args: { mod, fun, params },
  prf: [],
})

const kafka = new Kafka({ clientId: 'ipvm-iso-ucan-interop', brokers: [bootstrap], logLevel: logLevel.WARN })
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner })
await producer.connect()
try {
  await producer.send({ topic, messages: [{ value: Buffer.from(invocation.bytes) }] })
} finally {
  await producer.disconnect()
}
console.error(`iso-ucan invocation: iss ${invocation.payload.iss} aud ${invocation.payload.aud} ` +
  `tag ucan/inv@${invocation.envelope.version}`)
console.log(invocation.cid.toString())
