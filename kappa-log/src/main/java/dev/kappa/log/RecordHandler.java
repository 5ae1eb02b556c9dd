package dev.kappa.log;

/** Receives the records of a {@link ReadResult} one by one, in offset order. */
@FunctionalInterface
public interface RecordHandler {

  /** Called once per record; {@code record} is only valid during this call. */
  void onRecord(RecordView record);
}
