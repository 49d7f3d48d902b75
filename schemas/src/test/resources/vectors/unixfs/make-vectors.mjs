// Reference root CIDs for UnixFS files as `ipfs add --cid-version 1` (kubo defaults:
// 262144-byte fixed chunks, raw leaves, balanced layout with at most 174 links per node,
// a one-chunk file reduced to its raw leaf) builds them, made with helia's importer.
//
// Run in a scratch folder outside the repository:
//   npm install ipfs-unixfs-importer@17.1.1 blockstore-core@7.0.1
//   cp <repo>/schemas/src/test/resources/vectors/unixfs/make-vectors.mjs . && node make-vectors.mjs > kubo-v1-raw-leaves.json
// Produced with node v20.20.2, ipfs-unixfs-importer 17.1.1, blockstore-core 7.0.1.
//
// Content of a file of size n: byte i = (i * 31 + 7) & 0xff, for i in [0, n).
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { MemoryBlockstore } from 'blockstore-core/memory'

const CHUNK = 262144
const sizes = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 1048576, 174 * CHUNK, 174 * CHUNK + 1]

function content (n) {
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff
  return b
}

const out = {}
for (const n of sizes) {
  const blockstore = new MemoryBlockstore()
  let root
  for await (const entry of importer([{ content: content(n) }], blockstore, {
    cidVersion: 1,
    rawLeaves: true,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: CHUNK }),
    layout: balanced({ maxChildrenPerNode: 174 })
  })) {
    root = entry.cid
  }
  out[String(n)] = root.toString()
}
console.log(JSON.stringify(out, null, 2))
