package dev.ipvm.cli.local;

import dev.ipvm.cid.Multicodec;
import dev.ipvm.dagcbor.DagCbor;
import dev.ipvm.dagjson.DagJson;
import dev.ipvm.ipld.Ipld;

/** The codecs the CLI converts between, by their multicodec names. */
enum Codec {
  DAG_CBOR("dag-cbor", Multicodec.DAG_CBOR),
  DAG_JSON("dag-json", Multicodec.DAG_JSON),
  RAW("raw", Multicodec.RAW);

  final String label;
  final long code;

  Codec(String label, long code) {
    this.label = label;
    this.code = code;
  }

  Ipld decode(byte[] bytes) {
    return switch (this) {
      case DAG_CBOR -> DagCbor.decode(bytes);
      case DAG_JSON -> DagJson.decode(bytes);
      case RAW -> Ipld.Bytes.of(bytes);
    };
  }

  byte[] encode(Ipld value) {
    return switch (this) {
      case DAG_CBOR -> DagCbor.encode(value);
      case DAG_JSON -> DagJson.encode(value);
      case RAW -> {
        if (!(value instanceof Ipld.Bytes b)) {
          throw new IllegalArgumentException("raw holds only bytes, got a " + value.kind().name().toLowerCase());
        }
        yield b.toByteArray();
      }
    };
  }

  /** Lets picocli take {@code dag-cbor} rather than {@code DAG_CBOR}. */
  static final class Converter implements picocli.CommandLine.ITypeConverter<Codec> {
    @Override
    public Codec convert(String value) {
      for (Codec c : values()) {
        if (c.label.equals(value)) {
          return c;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "unknown codec '" + value + "' (choose dag-cbor, dag-json or raw)");
    }
  }
}
