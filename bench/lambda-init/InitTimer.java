/**
 * Loads the Lambda handler and builds it as the runtime does (its no-argument constructor), then exits: the JVM start
 * plus the handler's init, without the runtime interface client. Used by bench/lambda-init-ab.
 */
public final class InitTimer {

    public static void main(String[] args) throws Exception {
        Class.forName("io.flashorders.lambda.OrderEventHandler").getConstructor().newInstance();
    }
}
