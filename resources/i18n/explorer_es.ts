<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Deployment · {0} · {1} replicas</source>
        <translation>Deployment · {0} · {1} réplicas</translation>
    </message>
    <message>
        <source>ClusterIP assigned at run time</source>
        <translation>ClusterIP asignada al ejecutar</translation>
    </message>
    <message>
        <source>(no selector)</source>
        <translation>(sin selector)</translation>
    </message>
    <message>
        <source>selector: {0}</source>
        <translation>selector: {0}</translation>
    </message>
    <message>
        <source>Ingress · class {0}</source>
        <translation>Ingress · clase {0}</translation>
    </message>
    <message>
        <source>(no rules)</source>
        <translation>(sin reglas)</translation>
    </message>
    <message>
        <source>all pods</source>
        <translation>todos los pods</translation>
    </message>
    <message>
        <source>NetworkPolicy · {0}</source>
        <translation>NetworkPolicy · {0}</translation>
    </message>
    <message>
        <source>applies to: {0}</source>
        <translation>se aplica a: {0}</translation>
    </message>
    <message>
        <source>Drag onto a Deployment or Pod to make this Service select it</source>
        <translation>Arrástralo sobre un Deployment o un Pod para que este Service lo seleccione</translation>
    </message>
    <message>
        <source>Drag onto a Service to add an Ingress rule that routes to it</source>
        <translation>Arrástralo sobre un Service para añadir una regla de Ingress que enrute hacia él</translation>
    </message>
    <message>
        <source>phase: {0}</source>
        <translation>fase: {0}</translation>
    </message>
    <message>
        <source>node: {0}</source>
        <translation>nodo: {0}</translation>
    </message>
    <message>
        <source>{0} req · {1} drop</source>
        <translation>{0} pet. · {1} descart.</translation>
    </message>
    <message>
        <source>control-plane node</source>
        <translation>nodo del plano de control</translation>
    </message>
    <message>
        <source>worker node</source>
        <translation>nodo worker</translation>
    </message>
    <message>
        <source>allocatable: {0}m CPU, {1} MiB, {2} pods</source>
        <translation>asignable: {0}m CPU, {1} MiB, {2} pods</translation>
    </message>
    <message>
        <source>taints: {0}</source>
        <translation>taints: {0}</translation>
    </message>
    <message>
        <source>NotReady</source>
        <translation>NotReady</translation>
    </message>
    <message>
        <source>Ready, SchedulingDisabled</source>
        <translation>Ready, SchedulingDisabled</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>control plane</source>
        <translation>plano de control</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>worker</translation>
    </message>
    <message>
        <source>no pods yet
drop a Pod here to pin it</source>
        <translation>aún no hay pods
suelta aquí un Pod para fijarlo</translation>
    </message>
    <message>
        <source>etcd quorum OK: {0}/{1} members healthy</source>
        <translation>quórum de etcd OK: {0}/{1} miembros sanos</translation>
    </message>
    <message>
        <source>etcd quorum LOST: {0}/{1} members healthy</source>
        <translation>quórum de etcd PERDIDO: {0}/{1} miembros sanos</translation>
    </message>
    <message>
        <source>External client: requests from the internet enter through LoadBalancer and NodePort Services, usually via an Ingress controller</source>
        <translation>Cliente externo: las peticiones desde internet entran por Services LoadBalancer y NodePort, normalmente a través de un controlador de Ingress</translation>
    </message>
    <message>
        <source>Internet</source>
        <translation>Internet</translation>
    </message>
    <message>
        <source>The cluster network: every pod gets an IP from its node&apos;s slice of the pod CIDR and can reach every other pod directly, across nodes, without NAT</source>
        <translation>La red del clúster: cada pod recibe una IP del tramo del CIDR de pods de su nodo y puede llegar directamente a cualquier otro pod, entre nodos y sin NAT</translation>
    </message>
    <message>
        <source>cluster network · pods {0} · services {1}</source>
        <translation>red del clúster · pods {0} · services {1}</translation>
    </message>
    <message>
        <source>Pin pod</source>
        <translation>Fijar pod</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Mover</translation>
    </message>
    <message>
        <source>Move {0} items</source>
        <translation>Mover {0} elementos</translation>
    </message>
    <message>
        <source>Pin pod to node</source>
        <translation>Fijar pod al nodo</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Control plane</source>
        <translation>Plano de control</translation>
    </message>
    <message>
        <source>The control plane is the brain of the cluster: the API server, etcd, the scheduler and the controller manager. It stores the desired state and keeps working until the real state matches it. With kubeadm it runs as static pods on control-plane nodes, which carry a NoSchedule taint so ordinary workloads go to the worker nodes.</source>
        <translation>El plano de control es el cerebro del clúster: el API server, etcd, el scheduler y el controller manager. Guarda el estado deseado y trabaja sin descanso hasta que el estado real coincide con él. Con kubeadm se ejecuta como pods estáticos en los nodos del plano de control, que llevan un taint NoSchedule para que las cargas de trabajo normales vayan a los nodos worker.</translation>
    </message>
    <message>
        <source>API server</source>
        <translation>API server</translation>
    </message>
    <message>
        <source>kube-apiserver is the front door of the cluster: kubectl, the scheduler, the controllers and every kubelet read and write objects only through its REST API. It validates each request and is the only component that talks to etcd. If no API server is reachable, nothing can be changed, but pods that are already running keep running.</source>
        <translation>kube-apiserver es la puerta de entrada del clúster: kubectl, el scheduler, los controladores y cada kubelet leen y escriben objetos solo a través de su API REST. Valida cada petición y es el único componente que habla con etcd. Si no se puede alcanzar ningún API server, no se puede cambiar nada, pero los pods que ya están en ejecución siguen funcionando.</translation>
    </message>
    <message>
        <source>Controller manager</source>
        <translation>Controller manager</translation>
    </message>
    <message>
        <source>kube-controller-manager runs the control loops that turn desired state into real state: the Deployment controller creates ReplicaSets, the ReplicaSet controller creates and deletes pods, the node controller notices silent nodes and evicts their pods, and the EndpointSlice controller keeps Service endpoints up to date. With several control-plane members only one instance, the elected leader, is active.</source>
        <translation>kube-controller-manager ejecuta los bucles de control que convierten el estado deseado en estado real: el controlador de Deployments crea ReplicaSets, el controlador de ReplicaSets crea y elimina pods, el controlador de nodos detecta los nodos que dejan de informar y desaloja sus pods, y el controlador de EndpointSlices mantiene al día los endpoints de los Services. Con varios miembros en el plano de control solo está activa una instancia, el líder elegido.</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>Scheduler</translation>
    </message>
    <message>
        <source>kube-scheduler chooses a node for every pod that has none. First it filters out nodes that cannot run the pod (not enough CPU or memory, a taint the pod does not tolerate, a node selector that does not match), then it scores the rest and binds the pod to the best one. When no node fits, the pod stays Pending with a FailedScheduling event that says why.</source>
        <translation>kube-scheduler elige un nodo para cada pod que aún no tiene uno. Primero descarta los nodos que no pueden ejecutar el pod (falta de CPU o memoria, un taint que el pod no tolera, un selector de nodo que no coincide), después puntúa los demás y asigna el pod al mejor. Si ningún nodo sirve, el pod se queda en Pending con un evento FailedScheduling que explica el motivo.</translation>
    </message>
    <message>
        <source>etcd</source>
        <translation>etcd</translation>
    </message>
    <message>
        <source>etcd is the consistent key-value store that holds every object of the cluster; only the API server talks to it. Its members replicate each write with the Raft protocol, and a write succeeds only when a majority (a quorum) of members agrees. Losing etcd&apos;s data means losing the cluster&apos;s state.</source>
        <translation>etcd es el almacén clave-valor consistente que guarda todos los objetos del clúster; solo el API server habla con él. Sus miembros replican cada escritura con el protocolo Raft, y una escritura solo tiene éxito cuando una mayoría (un quórum) de miembros está de acuerdo. Perder los datos de etcd significa perder el estado del clúster.</translation>
    </message>
    <message>
        <source>etcd snapshots</source>
        <translation>Snapshots de etcd</translation>
    </message>
    <message>
        <source>A snapshot is a point-in-time copy of etcd&apos;s whole database (etcdctl snapshot save). It is the backup of the cluster: restoring it brings back every object as it was at that moment, and anything created later is gone. In the explorer a snapshot saves the whole simulated state so you can return to it.</source>
        <translation>Un snapshot es una copia de toda la base de datos de etcd en un instante dado (etcdctl snapshot save). Es la copia de seguridad del clúster: al restaurarlo, cada objeto vuelve a estar como en ese momento y todo lo creado después desaparece. En el explorador, un snapshot guarda todo el estado simulado para que puedas volver a él.</translation>
    </message>
    <message>
        <source>High availability and quorum</source>
        <translation>Alta disponibilidad y quórum</translation>
    </message>
    <message>
        <source>A highly available control plane runs several members, usually 3 or 5. etcd needs a quorum of floor(n/2)+1 members, so 3 members survive the loss of 1 and 5 survive the loss of 2, while 2 members survive none. Without quorum nothing can be written: no scheduling and no reconciliation, although running pods keep running. The scheduler and controller manager each elect one active leader among the members.</source>
        <translation>Un plano de control de alta disponibilidad tiene varios miembros, normalmente 3 o 5. etcd necesita un quórum de floor(n/2)+1 miembros, así que 3 miembros soportan la pérdida de 1 y 5 la de 2, mientras que 2 miembros no soportan ninguna. Sin quórum no se puede escribir nada: no hay planificación ni reconciliación, aunque los pods en ejecución siguen funcionando. El scheduler y el controller manager eligen cada uno un único líder activo entre los miembros.</translation>
    </message>
    <message>
        <source>Virtual network</source>
        <translation>Red virtual</translation>
    </message>
    <message>
        <source>The cluster network, set up by the CNI plugin, gives every pod its own IP address from its node&apos;s slice of the pod CIDR (10.244.0.0/16 with a /24 per node by default). Every pod can reach every other pod directly, on any node, without NAT, unless a NetworkPolicy forbids it. Service ClusterIPs come from a separate range (10.96.0.0/12 by default).</source>
        <translation>La red del clúster, configurada por el plugin CNI, da a cada pod su propia dirección IP, tomada del tramo del CIDR de pods que corresponde a su nodo (10.244.0.0/16 con un /24 por nodo por defecto). Cada pod puede llegar directamente a cualquier otro pod, en cualquier nodo y sin NAT, salvo que una NetworkPolicy lo impida. Las ClusterIP de los Services salen de otro rango (10.96.0.0/12 por defecto).</translation>
    </message>
    <message>
        <source>Worker node</source>
        <translation>Nodo worker</translation>
    </message>
    <message>
        <source>A worker node is a machine, physical or virtual, that runs your pods. Each one runs a kubelet, kube-proxy and a container runtime, and offers allocatable CPU, memory and pod slots (110 by default) to the scheduler. A node that stops reporting becomes NotReady, and after about five minutes its pods are evicted and recreated elsewhere.</source>
        <translation>Un nodo worker es una máquina, física o virtual, que ejecuta tus pods. Cada uno ejecuta un kubelet, kube-proxy y un container runtime, y ofrece al scheduler CPU, memoria y plazas para pods asignables (110 por defecto). Un nodo que deja de informar pasa a NotReady y, unos cinco minutos después, sus pods se desalojan y se vuelven a crear en otro sitio.</translation>
    </message>
    <message>
        <source>kubelet</source>
        <translation>kubelet</translation>
    </message>
    <message>
        <source>The kubelet is the node agent. It watches the API server for pods bound to its node, asks the container runtime to start their containers, runs their probes and reports their status. It also posts the node&apos;s status every 10 seconds; when those reports stop, the node controller marks the node Ready=Unknown.</source>
        <translation>El kubelet es el agente del nodo. Vigila en el API server los pods asignados a su nodo, pide al container runtime que arranque sus contenedores, ejecuta sus sondas (probes) e informa de su estado. También publica el estado del nodo cada 10 segundos; cuando esos informes se interrumpen, el controlador de nodos marca el nodo como Ready=Unknown.</translation>
    </message>
    <message>
        <source>kube-proxy</source>
        <translation>kube-proxy</translation>
    </message>
    <message>
        <source>kube-proxy runs on every node and turns Services into packet-forwarding rules. In iptables mode each new connection to a Service picks one ready endpoint at random; in IPVS mode the default is round robin. It is what makes a ClusterIP or NodePort reach a pod, whichever node the pod is on.</source>
        <translation>kube-proxy se ejecuta en cada nodo y convierte los Services en reglas de reenvío de paquetes. En modo iptables, cada nueva conexión a un Service elige al azar un endpoint listo; en modo IPVS el reparto por defecto es round robin. Es lo que hace que una ClusterIP o un NodePort lleguen a un pod, esté en el nodo que esté.</translation>
    </message>
    <message>
        <source>Container runtime</source>
        <translation>Container runtime</translation>
    </message>
    <message>
        <source>The container runtime (containerd or CRI-O) pulls images and runs containers when the kubelet asks it to, through the Container Runtime Interface (CRI). Kubernetes itself never runs a container directly.</source>
        <translation>El container runtime (containerd o CRI-O) descarga imágenes y ejecuta contenedores cuando se lo pide el kubelet, a través de la Container Runtime Interface (CRI). Kubernetes nunca ejecuta un contenedor directamente.</translation>
    </message>
    <message>
        <source>Pod</source>
        <translation>Pod</translation>
    </message>
    <message>
        <source>A Pod is the smallest unit Kubernetes schedules: one or more containers that share an IP address and volumes and always run together on one node. Pods are disposable: when one dies or its node fails, its controller creates a new Pod with a new name and a new IP. That is why clients reach pods through a Service.</source>
        <translation>Un Pod es la unidad más pequeña que planifica Kubernetes: uno o varios contenedores que comparten dirección IP y volúmenes y siempre se ejecutan juntos en un mismo nodo. Los Pods son desechables: cuando uno muere o falla su nodo, su controlador crea un Pod nuevo con otro nombre y otra IP. Por eso los clientes llegan a los pods a través de un Service.</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>Deployment</translation>
    </message>
    <message>
        <source>A Deployment declares how many replicas of a pod template should run and how to update them. It manages ReplicaSets: changing the template starts a rolling update that creates a new ReplicaSet and scales the old one down, by default at most 25% above and 25% below the desired count at a time.</source>
        <translation>Un Deployment declara cuántas réplicas de una plantilla de pod deben ejecutarse y cómo actualizarlas. Gestiona ReplicaSets: al cambiar la plantilla empieza una actualización progresiva (rolling update) que crea un ReplicaSet nuevo y reduce el antiguo, por defecto sin superar en cada momento un 25 % por encima ni un 25 % por debajo del número deseado.</translation>
    </message>
    <message>
        <source>ReplicaSet</source>
        <translation>ReplicaSet</translation>
    </message>
    <message>
        <source>A ReplicaSet keeps a fixed number of identical pods running: it creates pods when there are too few and deletes pods when there are too many. You rarely create one yourself; each Deployment revision owns one.</source>
        <translation>Un ReplicaSet mantiene en ejecución un número fijo de pods idénticos: crea pods cuando faltan y elimina pods cuando sobran. Rara vez se crea uno a mano; cada revisión de un Deployment tiene el suyo.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>A Service gives a changing set of pods, chosen by a label selector, one stable name and address. Its endpoints (EndpointSlices) list the ready pods that match the selector in its namespace, and kube-proxy spreads connections over them. Inside the cluster it is reachable at &lt;service&gt;.&lt;namespace&gt;.svc.cluster.local.</source>
        <translation>Un Service da a un conjunto cambiante de pods, elegidos por un selector de etiquetas, un nombre y una dirección estables. Sus endpoints (EndpointSlices) enumeran los pods listos de su namespace que coinciden con el selector, y kube-proxy reparte las conexiones entre ellos. Dentro del clúster se alcanza en &lt;service&gt;.&lt;namespace&gt;.svc.cluster.local.</translation>
    </message>
    <message>
        <source>Service: ClusterIP (internal)</source>
        <translation>Service: ClusterIP (interno)</translation>
    </message>
    <message>
        <source>ClusterIP, the default Service type, gets a virtual IP that only works inside the cluster. Use it for internal traffic, such as an API calling its database; nothing outside the cluster can reach it.</source>
        <translation>ClusterIP, el tipo de Service por defecto, recibe una IP virtual que solo funciona dentro del clúster. Úsalo para el tráfico interno, como una API que llama a su base de datos; nada de fuera del clúster puede alcanzarlo.</translation>
    </message>
    <message>
        <source>Service: NodePort (external)</source>
        <translation>Service: NodePort (externo)</translation>
    </message>
    <message>
        <source>A NodePort Service is a ClusterIP Service plus one port (30000-32767 by default) opened on every node. Traffic to any node&apos;s IP at that port reaches the Service&apos;s pods, even on other nodes; with externalTrafficPolicy Local only pods on the receiving node answer and the client&apos;s IP is kept.</source>
        <translation>Un Service NodePort es un Service ClusterIP más un puerto (30000-32767 por defecto) abierto en todos los nodos. El tráfico dirigido a la IP de cualquier nodo en ese puerto llega a los pods del Service, aunque estén en otros nodos; con externalTrafficPolicy Local solo responden los pods del nodo que recibe el tráfico y se conserva la IP del cliente.</translation>
    </message>
    <message>
        <source>Service: LoadBalancer (external)</source>
        <translation>Service: LoadBalancer (externo)</translation>
    </message>
    <message>
        <source>A LoadBalancer Service is a NodePort Service plus an external address provided by the cloud or by a load-balancer add-on. Clients outside the cluster connect to that address and the load balancer forwards them to the nodes.</source>
        <translation>Un Service LoadBalancer es un Service NodePort más una dirección externa que proporciona la nube o un complemento de balanceo de carga. Los clientes de fuera del clúster se conectan a esa dirección y el balanceador los reenvía a los nodos.</translation>
    </message>
    <message>
        <source>Service: headless</source>
        <translation>Service: headless</translation>
    </message>
    <message>
        <source>A headless Service (clusterIP: None) has no virtual IP and no load balancing by kube-proxy: the cluster DNS answers with the IPs of the ready pods themselves. StatefulSets use it so that each pod gets its own stable DNS name.</source>
        <translation>Un Service headless (clusterIP: None) no tiene IP virtual ni balanceo de carga de kube-proxy: el DNS del clúster responde directamente con las IP de los pods listos. Los StatefulSets lo usan para que cada pod tenga su propio nombre DNS estable.</translation>
    </message>
    <message>
        <source>EndpointSlice</source>
        <translation>EndpointSlice</translation>
    </message>
    <message>
        <source>An EndpointSlice lists the addresses of a Service&apos;s pods and whether each one is ready. The EndpointSlice controller keeps it current as pods come and go, and kube-proxy programs its rules from it. A Service with no ready endpoints cannot answer.</source>
        <translation>Un EndpointSlice enumera las direcciones de los pods de un Service e indica si cada uno está listo. El controlador de EndpointSlices lo mantiene al día a medida que los pods aparecen y desaparecen, y kube-proxy programa sus reglas a partir de él. Un Service sin endpoints listos no puede responder.</translation>
    </message>
    <message>
        <source>Ingress</source>
        <translation>Ingress</translation>
    </message>
    <message>
        <source>An Ingress describes HTTP routing from outside the cluster to Services: by host name (exact, or a wildcard such as *.example.com) and by path (Exact or Prefix; the longest matching path wins). An Ingress does nothing by itself: an Ingress controller reads it and does the routing. A request that matches no rule goes to the default backend, or gets a 404 from the controller.</source>
        <translation>Un Ingress describe el enrutamiento HTTP desde fuera del clúster hacia los Services: por nombre de host (exacto, o con comodín como *.example.com) y por ruta (Exact o Prefix; gana la ruta coincidente más larga). Un Ingress no hace nada por sí solo: un controlador de Ingress lo lee y se encarga del enrutamiento. Una petición que no coincide con ninguna regla va al backend por defecto o recibe un 404 del controlador.</translation>
    </message>
    <message>
        <source>IngressClass</source>
        <translation>IngressClass</translation>
    </message>
    <message>
        <source>An IngressClass names the controller that serves an Ingress (spec.controller, for example k8s.io/ingress-nginx). An Ingress chooses one with ingressClassName; without it, the class annotated as the default is used.</source>
        <translation>Una IngressClass indica qué controlador atiende un Ingress (spec.controller, por ejemplo k8s.io/ingress-nginx). Un Ingress elige una con ingressClassName; si no lo indica, se usa la clase anotada como predeterminada.</translation>
    </message>
    <message>
        <source>Ingress controller: NGINX</source>
        <translation>Controlador de Ingress: NGINX</translation>
    </message>
    <message>
        <source>ingress-nginx is the Ingress controller maintained by the Kubernetes project. It runs NGINX as a reverse proxy in its own pods behind a LoadBalancer or NodePort Service, and rewrites the NGINX configuration whenever Ingresses, Services or endpoints change. Its IngressClass controller is k8s.io/ingress-nginx.</source>
        <translation>ingress-nginx es el controlador de Ingress que mantiene el propio proyecto Kubernetes. Ejecuta NGINX como proxy inverso en sus propios pods, detrás de un Service LoadBalancer o NodePort, y reescribe la configuración de NGINX cada vez que cambian los Ingress, los Services o los endpoints. El controlador de su IngressClass es k8s.io/ingress-nginx.</translation>
    </message>
    <message>
        <source>Ingress controller: Traefik</source>
        <translation>Controlador de Ingress: Traefik</translation>
    </message>
    <message>
        <source>Traefik is a cloud-native reverse proxy that reads Ingress objects (and its own IngressRoute resources) and updates its routes on the fly, without reloading. It is the default Ingress controller of k3s.</source>
        <translation>Traefik es un proxy inverso nativo de la nube que lee los objetos Ingress (y sus propios recursos IngressRoute) y actualiza sus rutas sobre la marcha, sin recargar. Es el controlador de Ingress por defecto de k3s.</translation>
    </message>
    <message>
        <source>Ingress controller: HAProxy</source>
        <translation>Controlador de Ingress: HAProxy</translation>
    </message>
    <message>
        <source>The HAProxy Ingress controller routes traffic with HAProxy, a load balancer known for its performance and detailed connection controls. It turns Ingress rules into HAProxy frontends and backends that point straight at the pods.</source>
        <translation>El controlador de Ingress de HAProxy enruta el tráfico con HAProxy, un balanceador de carga conocido por su rendimiento y su control detallado de las conexiones. Convierte las reglas de Ingress en frontends y backends de HAProxy que apuntan directamente a los pods.</translation>
    </message>
    <message>
        <source>Ingress controller: Envoy (Contour)</source>
        <translation>Controlador de Ingress: Envoy (Contour)</translation>
    </message>
    <message>
        <source>Contour is an Ingress controller that uses Envoy as its data plane: Contour watches Ingresses and sends the resulting routes to the Envoy proxies over Envoy&apos;s xDS API, so routes change without restarts. It also offers its own HTTPProxy resource.</source>
        <translation>Contour es un controlador de Ingress que usa Envoy como plano de datos: Contour vigila los Ingress y envía las rutas resultantes a los proxies Envoy mediante la API xDS de Envoy, de modo que las rutas cambian sin reinicios. También ofrece su propio recurso HTTPProxy.</translation>
    </message>
    <message>
        <source>NetworkPolicy</source>
        <translation>NetworkPolicy</translation>
    </message>
    <message>
        <source>A NetworkPolicy is a firewall for pods. Once any policy selects a pod for Ingress (or Egress), only the traffic that some rule allows gets in (or out); pods no policy selects accept everything. A connection needs both the source&apos;s egress and the destination&apos;s ingress to allow it. The CNI plugin enforces policies; the API server only stores them.</source>
        <translation>Una NetworkPolicy es un cortafuegos para pods. En cuanto alguna política selecciona un pod para Ingress (o Egress), solo entra (o sale) el tráfico que permite alguna regla; los pods que ninguna política selecciona lo aceptan todo. Una conexión necesita que la permitan tanto la salida (egress) del origen como la entrada (ingress) del destino. Las políticas las aplica el plugin CNI; el API server solo las almacena.</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>A Namespace groups objects and scopes their names: two teams can each have a Service called api in their own namespace. Quotas, access rights and NetworkPolicies are usually set per namespace. Nodes and IngressClasses belong to no namespace.</source>
        <translation>Un Namespace agrupa objetos y delimita el ámbito de sus nombres: dos equipos pueden tener cada uno un Service llamado api en su propio namespace. Las cuotas, los permisos de acceso y las NetworkPolicies suelen definirse por namespace. Los nodos y las IngressClasses no pertenecen a ningún namespace.</translation>
    </message>
    <message>
        <source>External client</source>
        <translation>Cliente externo</translation>
    </message>
    <message>
        <source>An external client stands for users or systems outside the cluster, such as a browser on the internet. It can reach only what is exposed: a NodePort or LoadBalancer Service, or an Ingress controller in front of internal Services. ClusterIP Services and pod IPs are out of its reach.</source>
        <translation>Un cliente externo representa a usuarios o sistemas de fuera del clúster, como un navegador en internet. Solo puede alcanzar lo que está expuesto: un Service NodePort o LoadBalancer, o un controlador de Ingress delante de Services internos. Los Services ClusterIP y las IP de los pods quedan fuera de su alcance.</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>What each part of the cluster does</source>
        <translation>Qué hace cada parte del clúster</translation>
    </message>
    <message>
        <source>Choose a component to read what it does in a cluster</source>
        <translation>Elige un componente para leer qué hace en un clúster</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Select an object on the canvas to edit it.</source>
        <translation>Selecciona un objeto del lienzo para editarlo.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Replicas</source>
        <translation>Réplicas</translation>
    </message>
    <message>
        <source>Pod labels</source>
        <translation>Etiquetas del pod</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memoria</translation>
    </message>
    <message>
        <source>Max pods</source>
        <translation>Máx. de pods</translation>
    </message>
    <message>
        <source>Node (pinned)</source>
        <translation>Nodo (fijado)</translation>
    </message>
    <message>
        <source>Taints</source>
        <translation>Taints</translation>
    </message>
    <message>
        <source>Cordoned</source>
        <translation>Acordonado (cordon)</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>Puertos</translation>
    </message>
    <message>
        <source>Selector</source>
        <translation>Selector</translation>
    </message>
    <message>
        <source>Ingress class</source>
        <translation>Clase de Ingress</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Reglas</translation>
    </message>
    <message>
        <source>Pod selector</source>
        <translation>Selector de pods</translation>
    </message>
    <message>
        <source>Policy types</source>
        <translation>Tipos de política</translation>
    </message>
    <message>
        <source>Simulation shown: reset it to edit the design.</source>
        <translation>Se muestra la simulación: reiníciala para editar el diseño.</translation>
    </message>
    <message>
        <source>Edit {0} of {1}</source>
        <translation>Editar {0} de {1}</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>The new language is used for all windows the next time you start the application.</source>
        <translation>El nuevo idioma se aplicará a todas las ventanas la próxima vez que inicies la aplicación.</translation>
    </message>
</context>
<context>
    <name>MiniMap</name>
    <message>
        <source>Overview: click or drag to move the main view</source>
        <translation>Vista general: haz clic o arrastra para mover la vista principal</translation>
    </message>
</context>
</TS>
