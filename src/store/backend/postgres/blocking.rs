//! A blocking client: tokio-postgres (rust-postgres' protocol implementation) driven by a
//! current-thread runtime on the calling thread, as the `postgres` crate drives it, with the
//! whole connection — socket, TLS, authentication — bounded by one deadline. The `postgres`
//! crate bounds only the socket's connect; bounding the rest around it took a second thread,
//! which cost a fresh `show` ~0.15 ms.

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
}

/// Why a connection was not made.
pub(super) enum ConnectFailure {
    Refused(Error),
    TimedOut,
    /// No runtime to drive it (the system refused an epoll instance or an eventfd).
    NoRuntime(std::io::Error),
}

impl Client {
    pub fn connect<T>(config: &Config, tls: T, within: Duration) -> Result<Self, ConnectFailure>
    where
        T: MakeTlsConnect<Socket> + 'static + Send,
        T::TlsConnect: Send,
        T::Stream: Send + 'static,
        <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
    {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(ConnectFailure::NoRuntime)?;
        let connected = runtime.block_on(async { tokio::time::timeout(within, config.connect(tls)).await });
        let (client, connection) = match connected {
            Ok(Ok(pair)) => pair,
            Ok(Err(err)) => return Err(ConnectFailure::Refused(err)),
            Err(_) => return Err(ConnectFailure::TimedOut),
        };
        let connection = runtime.spawn(async move {
            // Its error, if any, is the one the call waiting on it gets.
            let _ = connection.await;
        });
        Ok(Self { runtime, client: Some(client), connection: Some(connection) })
    }

    /// Waits for `call` on this thread, the connection's task running meanwhile.
    fn wait<F: Future>(&self, call: F) -> F::Output {
        self.runtime.block_on(call)
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

    pub fn query_typed(&self, text: &str, params: &[(&(dyn ToSql + Sync), Type)]) -> Result<Vec<Row>, Error> {
        self.wait(self.client().query_typed(text, params))
    }

    pub fn query_typed_opt(&self, text: &str, params: &[(&(dyn ToSql + Sync), Type)]) -> Result<Option<Row>, Error> {
        self.wait(self.client().query_typed_opt(text, params))
    }

    pub fn execute_typed(&self, text: &str, params: &[(&(dyn ToSql + Sync), Type)]) -> Result<u64, Error> {
        self.wait(self.client().execute_typed(text, params))
    }
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
