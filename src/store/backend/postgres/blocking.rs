//! A blocking client: tokio-postgres (rust-postgres' protocol implementation) driven by a
//! current-thread runtime on the calling thread, as the `postgres` crate drives it, with the
//! whole connection — socket, TLS, authentication — bounded by one deadline. The `postgres`
//! crate bounds only the socket's connect; bounding the rest around it took a second thread,
//! which cost a fresh `show` ~0.15 ms.
//!
//! Every answer is waited for within a deadline too: a server that is paused (`SIGSTOP`),
//! or a network that drops packets without a reset, never answers, and neither TCP keepalive
//! (the kernel of a paused server still answers it) nor a Unix socket ends the wait. When the
//! deadline passes the connection is dropped, which the server sees as a client gone: it
//! rolls the transaction back.

use std::cell::Cell;
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::task::JoinHandle;
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Config, Error, Row, SimpleQueryMessage, Socket};

pub(super) struct Client {
    runtime: Runtime,
    client: Option<tokio_postgres::Client>,
    /// The connection's own task: it reads and writes the socket while a call waits.
    connection: Option<JoinHandle<()>>,
    /// How long an answer may take.
    deadline: Duration,
    /// An answer did not come within the deadline, and the connection was dropped.
    timed_out: Cell<bool>,
}

/// Why a connection was not made.
pub(super) enum ConnectFailure {
    Refused(Error),
    TimedOut,
    /// No runtime to drive it (the system refused an epoll instance or an eventfd).
    NoRuntime(std::io::Error),
}

impl Client {
    /// Connects to the first of `hosts` (a config each) that answers within `within` and is
    /// accepted (its `target_session_attrs`), trying them in order as libpq does; a host that
    /// does not answer in time is passed over like one that refuses.
    pub fn connect<T>(hosts: &[Config], tls: &T, within: Duration, deadline: Duration) -> Result<Self, ConnectFailure>
    where
        T: MakeTlsConnect<Socket> + 'static + Send + Clone,
        T::TlsConnect: Send,
        T::Stream: Send + 'static,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(ConnectFailure::NoRuntime)?;
        let mut failure = ConnectFailure::TimedOut;
        let mut connected = None;
        for config in hosts {
            match runtime.block_on(async { tokio::time::timeout(within, config.connect(tls.clone())).await }) {
                Ok(Ok(pair)) => {
                    connected = Some(pair);
                    break;
                }
                Ok(Err(err)) => failure = ConnectFailure::Refused(err),
                Err(_) => failure = ConnectFailure::TimedOut,
            }
        }
        let Some((client, connection)) = connected else { return Err(failure) };
        let connection = runtime.spawn(async move {
            // Its error, if any, is the one the call waiting on it gets.
            let _ = connection.await;
        });
        Ok(Self { runtime, client: Some(client), connection: Some(connection), deadline, timed_out: Cell::new(false) })
    }

    /// Waits for `call` on this thread, the connection's task running meanwhile, until the
    /// deadline; then drops the connection, and `call` fails as on a connection lost.
    fn wait<T>(&self, call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        self.runtime.block_on(async {
            let mut call = pin!(call);
            if let Ok(answer) = tokio::time::timeout(self.deadline, call.as_mut()).await {
                return answer;
            }
            self.timed_out.set(true);
            if let Some(connection) = &self.connection {
                connection.abort();
            }
            call.await
        })
    }

    /// Whether an answer did not come in time (and the connection is gone).
    pub fn timed_out(&self) -> bool {
        self.timed_out.get()
    }

    /// `call`, alone or, with `opening`, as the one statement of a transaction that `opening`
    /// begins and COMMIT ends: the three requests are written together and answered
    /// together, one round trip. A failed statement's COMMIT is the server's ROLLBACK.
    fn alone<T>(&self, opening: Option<&str>, call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        let Some(opening) = opening else { return self.wait(call) };
        let client = self.client();
        self.wait(async {
            let (begun, answer, ended) =
                all_three(client.batch_execute(opening), call, client.batch_execute("COMMIT")).await;
            begun?;
            let answer = answer?;
            ended?;
            Ok(answer)
        })
    }

    fn client(&self) -> &tokio_postgres::Client {
        self.client.as_ref().expect("the client lives until drop")
    }

    pub fn simple_query(&self, text: &str) -> Result<Vec<SimpleQueryMessage>, Error> {
        self.wait(self.client().simple_query(text))
    }

    pub fn batch_execute(&self, text: &str) -> Result<(), Error> {
        self.wait(self.client().batch_execute(text))
    }

    pub fn query_typed(&self, opening: Option<&str>, text: &str, params: Params<'_>) -> Result<Vec<Row>, Error> {
        self.alone(opening, self.client().query_typed(text, params))
    }

    pub fn query_typed_opt(&self, opening: Option<&str>, text: &str, params: Params<'_>) -> Result<Option<Row>, Error> {
        self.alone(opening, self.client().query_typed_opt(text, params))
    }

    pub fn execute_typed(&self, opening: Option<&str>, text: &str, params: Params<'_>) -> Result<u64, Error> {
        self.alone(opening, self.client().execute_typed(text, params))
    }
}

type Params<'a> = &'a [(&'a (dyn ToSql + Sync), Type)];

/// The three futures' outputs, each polled in turn: the first poll of each writes its
/// request, so the requests go out in this order.
async fn all_three<A: Future, B: Future, C: Future>(a: A, b: B, c: C) -> (A::Output, B::Output, C::Output) {
    let (mut a, mut b, mut c) = (pin!(a), pin!(b), pin!(c));
    let (mut a_out, mut b_out, mut c_out) = (None, None, None);
    std::future::poll_fn(|cx| {
        if a_out.is_none()
            && let Poll::Ready(out) = a.as_mut().poll(cx)
        {
            a_out = Some(out);
        }
        if b_out.is_none()
            && let Poll::Ready(out) = b.as_mut().poll(cx)
        {
            b_out = Some(out);
        }
        if c_out.is_none()
            && let Poll::Ready(out) = c.as_mut().poll(cx)
        {
            c_out = Some(out);
        }
        match (a_out.take(), b_out.take(), c_out.take()) {
            (Some(a), Some(b), Some(c)) => Poll::Ready((a, b, c)),
            (a, b, c) => {
                (a_out, b_out, c_out) = (a, b, c);
                Poll::Pending
            }
        }
    })
    .await
}

impl Drop for Client {
    /// Says goodbye: without its client the connection sends the server `Terminate` and
    /// closes the socket, without waiting for an answer — and a socket that cannot take even
    /// that is left to the process's exit rather than waited on.
    fn drop(&mut self) {
        drop(self.client.take());
        if let Some(connection) = self.connection.take() {
            let _ = self.runtime.block_on(async { tokio::time::timeout(Duration::from_secs(1), connection).await });
        }
    }
}
