package dev.kappa.engine;

/**
 * A record a view did not fold into its state: a reference to it in the log (which keeps the record
 * itself) and why.
 *
 * @param kind late, or an error in the view's code
 * @param stream the source stream
 * @param partition its partition
 * @param offset its offset
 * @param eventTime its event time (late records; for errors, the record's event time too)
 * @param reason why, for people
 */
public record SideOutput(
    Kind kind, String stream, int partition, long offset, long eventTime, String reason) {

  public enum Kind {
    /** Later than the view's allowed lateness. */
    LATE,
    /** The view's code threw on it. */
    ERROR
  }
}
