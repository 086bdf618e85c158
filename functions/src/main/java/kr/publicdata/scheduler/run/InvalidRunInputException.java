package kr.publicdata.scheduler.run;

/** The workflow's input asks for something the job does not have; the run fails fast, without retries. */
public final class InvalidRunInputException extends RuntimeException {

    public InvalidRunInputException(String message) {
        super(message);
    }
}
